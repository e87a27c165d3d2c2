package dev.upshot.messaging;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Turns the OpenTelemetry SDK on when a collector is configured ({@code UPSHOT_OTLP_ENDPOINT}). Otherwise the SDK
 * stays disabled ({@code quarkus.otel.sdk.disabled=true} in this module's defaults): no exporter retrying against
 * an absent collector, and every span a no-op. An explicit {@code QUARKUS_OTEL_SDK_DISABLED} still wins.
 */
public class TracingSwitch implements ConfigSource {
    static final String ENDPOINT_ENV = "UPSHOT_OTLP_ENDPOINT";
    private static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    private final Map<String, String> properties;

    public TracingSwitch() {
        this(System.getenv(ENDPOINT_ENV));
    }

    TracingSwitch(String endpoint) {
        this.properties = endpoint == null || endpoint.isBlank() ? Map.of() : Map.of(SDK_DISABLED, "false");
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "upshot-tracing-switch";
    }

    /** Above application.properties (250), below the environment (300). */
    @Override
    public int getOrdinal() {
        return 275;
    }
}
