package dev.upshot.system;

import com.cloudinary.Cloudinary;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An account (cloud {@code e2e}, random key and secret): the environment its service
 * processes get (the infrastructure settings {@code ./upshot test} exported, plus the account) and SDK clients.
 */
record TestAccount(String key, String secret, Map<String, String> env) {
    /**
     * The one account of the test JVM: service processes of different test classes share Kafka consumer groups, so
     * a dispatcher of one class may deliver another's notification — it must sign with the same secret.
     */
    static final TestAccount SHARED = fresh();

    private static TestAccount fresh() {
        String key = Long.toString(100_000_000_000_000L + (long) (Math.random() * 899_999_999_999_999L));
        String secret = UUID.randomUUID().toString().replace("-", "");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("UPSHOT_CLOUD_NAME", "e2e");
        env.put("UPSHOT_API_KEY", key);
        env.put("UPSHOT_API_SECRET", secret);
        env.remove("UPSHOT_PUBLIC_BASE_URL");
        return new TestAccount(key, secret, env);
    }

    /** The official SDK, pointed at this gateway. */
    Cloudinary sdk(ServiceProcess gateway) {
        return new Cloudinary("cloudinary://" + key + ":" + secret + "@e2e?upload_prefix=http://127.0.0.1:"
                + gateway.port());
    }
}
