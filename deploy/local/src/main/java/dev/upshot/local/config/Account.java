package dev.upshot.local.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The default account (account.env): made once at the first {@code up}, then reused. */
public record Account(String cloudName, String apiKey, String apiSecret, String opsToken) {

    public static Account ensure(Path file, Env env) {
        if (!Files.exists(file)) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("UPSHOT_CLOUD_NAME", env.get("UPSHOT_CLOUD_NAME", "demo"));
            values.put("UPSHOT_API_KEY", Secrets.random("123456789", 1) + Secrets.random(Secrets.DIGITS, 14));
            values.put("UPSHOT_API_SECRET", Secrets.random(Secrets.ALPHANUMERIC, 27));
            KeyValueFile.write(file, values, true);
        }
        return load(file, env);
    }

    /** Reads the account; adds the operator token (for /ops/…) to files made before it existed. */
    public static Account load(Path file, Env env) {
        Map<String, String> values = KeyValueFile.read(file);
        if (values.getOrDefault("UPSHOT_OPS_TOKEN", "").isEmpty()) {
            values.put("UPSHOT_OPS_TOKEN", Secrets.random(Secrets.ALPHANUMERIC, 32));
            KeyValueFile.write(file, values, true);
        }
        return new Account(env.get("UPSHOT_CLOUD_NAME", values.getOrDefault("UPSHOT_CLOUD_NAME", "")),
                values.getOrDefault("UPSHOT_API_KEY", ""), values.getOrDefault("UPSHOT_API_SECRET", ""),
                values.get("UPSHOT_OPS_TOKEN"));
    }

    public String cloudinaryUrl(String host, int gatewayPort) {
        return "CLOUDINARY_URL=cloudinary://" + apiKey + ":" + apiSecret + "@" + cloudName + "?upload_prefix=http://"
                + host + ":" + gatewayPort;
    }
}
