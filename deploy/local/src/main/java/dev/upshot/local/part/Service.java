package dev.upshot.local.part;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The seven services, in the order {@code up} starts them, with the variable and default of their port. */
public enum Service {
    UPLOAD_GATEWAY("upload-gateway", "UPSHOT_GATEWAY_PORT", 8080, false),
    MODERATION_WORKER("moderation-worker", "UPSHOT_MODERATION_PORT", 8081, true),
    ANALYSIS_WORKER("analysis-worker", "UPSHOT_ANALYSIS_PORT", 8082, true),
    DERIVATION_WORKER("derivation-worker", "UPSHOT_DERIVATION_PORT", 8085, true),
    TRANSCRIPTION_WORKER("transcription-worker", "UPSHOT_TRANSCRIPTION_PORT", 8086, true),
    ONSUCCESS_RUNNER("onsuccess-runner", "UPSHOT_ONSUCCESS_PORT", 8083, true),
    WEBHOOK_DISPATCHER("webhook-dispatcher", "UPSHOT_DISPATCHER_PORT", 8084, true);

    private final String module;
    private final String portVariable;
    private final int defaultPort;
    private final boolean replicated;

    Service(String module, String portVariable, int defaultPort, boolean replicated) {
        this.module = module;
        this.portVariable = portVariable;
        this.defaultPort = defaultPort;
        this.replicated = replicated;
    }

    /** The service's Maven artifact id, which is also its name on the command line. */
    public String module() {
        return module;
    }

    public String portVariable() {
        return portVariable;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /**
     * Scales out in one consumer group; the gateway is stateless and stays one process.
     */
    public boolean replicated() {
        return replicated;
    }

    /** The parts running this service with {@code replicas} processes: SERVICE, then SERVICE-2 ... SERVICE-N. */
    public List<Part> parts(int replicas) {
        List<Part> parts = new ArrayList<>();
        for (int k = 1; k <= (replicated ? replicas : 1); k++) {
            parts.add(Part.of(this, k));
        }
        return parts;
    }

    public static Optional<Service> named(String name) {
        return Arrays.stream(values()).filter(s -> s.module.equals(name)).findFirst();
    }

    public static String names() {
        return String.join(" ", Arrays.stream(values()).map(Service::module).toList());
    }
}
