package dev.upshot.local.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The S3 store the services use: the one UPSHOT_S3_ENDPOINT and its keys name, or s3proxy. */
public record Storage(boolean external, String endpoint, String accessKey, String secretKey, String region,
                      String bucket) {

    /** s3proxy's credentials are made once per home (s3.env). */
    public static Storage from(Env env, Ports ports, Home home) {
        String region = env.get("UPSHOT_S3_REGION", "us-east-1");
        String bucket = env.get("UPSHOT_S3_BUCKET", "upshot");
        if (env.isSet("UPSHOT_S3_ENDPOINT") && env.isSet("UPSHOT_S3_ACCESS_KEY") && env.isSet("UPSHOT_S3_SECRET_KEY")) {
            return new Storage(true, env.get("UPSHOT_S3_ENDPOINT", ""), env.get("UPSHOT_S3_ACCESS_KEY", ""),
                    env.get("UPSHOT_S3_SECRET_KEY", ""), region, bucket);
        }
        var file = home.dir().resolve("s3.env");
        if (!java.nio.file.Files.exists(file)) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("UPSHOT_S3_ACCESS_KEY", Secrets.random(Secrets.UPPER_DIGITS, 20));
            keys.put("UPSHOT_S3_SECRET_KEY", Secrets.random(Secrets.ALPHANUMERIC, 40));
            KeyValueFile.write(file, keys, true);
        }
        Map<String, String> keys = KeyValueFile.read(file);
        return new Storage(false, "http://" + ports.host() + ":" + ports.s3(), keys.get("UPSHOT_S3_ACCESS_KEY"),
                keys.get("UPSHOT_S3_SECRET_KEY"), region, bucket);
    }
}
