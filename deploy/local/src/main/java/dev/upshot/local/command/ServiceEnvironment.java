package dev.upshot.local.command;

import dev.upshot.local.config.Account;
import dev.upshot.local.config.Repo;
import dev.upshot.local.config.Stack;
import dev.upshot.local.part.Service;

import java.util.LinkedHashMap;
import java.util.Map;

/** The variables every service (and the test JVMs of {@code ./upshot test}) read to find the platform. */
final class ServiceEnvironment {
    private ServiceEnvironment() {
    }

    static Map<String, String> of(Stack stack, Account account, Repo repo) {
        var ports = stack.ports();
        var db = stack.db();
        var s3 = stack.storage();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", ports.host() + ":" + ports.kafka());
        env.put("UPSHOT_DB_HOST", db.host());
        env.put("UPSHOT_DB_PORT", Integer.toString(db.port()));
        env.put("UPSHOT_DB_NAME", db.name());
        env.put("UPSHOT_DB_USER", db.user());
        env.put("UPSHOT_DB_PASSWORD", db.password());
        env.put("UPSHOT_S3_ENDPOINT", s3.endpoint());
        env.put("UPSHOT_S3_ACCESS_KEY", s3.accessKey());
        env.put("UPSHOT_S3_SECRET_KEY", s3.secretKey());
        env.put("UPSHOT_S3_REGION", s3.region());
        env.put("UPSHOT_S3_BUCKET", s3.bucket());
        env.put("UPSHOT_CLOUD_NAME", account.cloudName());
        env.put("UPSHOT_API_KEY", account.apiKey());
        env.put("UPSHOT_API_SECRET", account.apiSecret());
        env.put("UPSHOT_OPS_TOKEN", account.opsToken());
        env.put("UPSHOT_MODELS_DIR", repo.root().resolve("models/target").toString());
        // delivery asks the (first) derivation worker for derivatives not made eagerly
        env.put("UPSHOT_DERIVATION_URL", "http://" + ports.host() + ":" + ports.of(Service.DERIVATION_WORKER));
        return env;
    }

    /** What only the services of {@code up} get, not the test JVMs: the public URL and the dispatcher to proxy to. */
    static Map<String, String> ofServices(Stack stack, Account account, Repo repo) {
        Map<String, String> env = of(stack, account, repo);
        String base = "http://" + stack.ports().host() + ":";
        env.put("UPSHOT_PUBLIC_BASE_URL", base + stack.ports().of(Service.UPLOAD_GATEWAY));
        // the gateway proxies the Admin API's /webhooks/… (delivery log, replay, recover) to the first dispatcher
        env.put("UPSHOT_DISPATCHER_URL", base + stack.ports().of(Service.WEBHOOK_DISPATCHER));
        return env;
    }
}
