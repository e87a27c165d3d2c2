package dev.upshot.local.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the last {@code up} ran with (run/state.env), so that {@code status}, {@code outbox} and {@code dlq} look at
 * the same ports without the user repeating the environment.
 *
 * @param settings    UPSHOT_BIND and the UPSHOT_*_PORT values
 * @param pgEndpoint  host:port of PostgreSQL; {@code pgExternal} when it is not the embedded one
 * @param s3Endpoint  URL of the S3 store; {@code s3External} when it is not s3proxy
 * @param services    the services {@code up} was asked for
 * @param replicas    processes per replicated service
 */
public record State(Map<String, String> settings, boolean pgExternal, String pgEndpoint, boolean s3External,
                    String s3Endpoint, List<String> services, int replicas) {

    public void write(Path file) {
        Map<String, String> values = new LinkedHashMap<>(settings);
        values.put("PG_EXTERNAL", pgExternal ? "1" : "0");
        values.put("PG_ENDPOINT", pgEndpoint);
        values.put("S3_EXTERNAL", s3External ? "1" : "0");
        values.put("S3_ENDPOINT", s3Endpoint);
        values.put("SERVICES", String.join(" ", services));
        values.put("REPLICAS", Integer.toString(replicas));
        KeyValueFile.write(file, values);
    }

    public static Optional<State> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> values = KeyValueFile.read(file);
        Map<String, String> settings = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("UPSHOT_")) {
                settings.put(k, v);
            }
        });
        String services = values.getOrDefault("SERVICES", "");
        return Optional.of(new State(settings, "1".equals(values.get("PG_EXTERNAL")),
                values.getOrDefault("PG_ENDPOINT", ""), "1".equals(values.get("S3_EXTERNAL")),
                values.getOrDefault("S3_ENDPOINT", ""),
                services.isBlank() ? List.of() : Arrays.asList(services.trim().split(" +")),
                Integer.parseInt(values.getOrDefault("REPLICAS", "1"))));
    }
}
