package dev.upshot.local.part;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One process {@code up} runs under a supervisor: Kafka, PostgreSQL, the S3 store, or a service's replica
 * ({@code analysis-worker}, {@code analysis-worker-2}, ...). {@code service} is null for the infrastructure.
 */
public record Part(String name, Service service, int replica) {
    public static final Part KAFKA = new Part("kafka", null, 1);
    public static final Part PG = new Part("pg", null, 1);
    public static final Part S3 = new Part("s3", null, 1);
    /** Replica k of a service listens on the service's port + 100 * (k - 1). */
    public static final int REPLICA_PORT_STEP = 100;

    private static final Pattern REPLICA = Pattern.compile("(.+)-([0-9]+)");

    public static Part of(Service service, int replica) {
        return new Part(replica == 1 ? service.module() : service.module() + "-" + replica, service, replica);
    }

    /** The part a name on the command line or in run/ stands for. */
    public static Optional<Part> parse(String name) {
        for (Part infra : new Part[] {KAFKA, PG, S3}) {
            if (infra.name.equals(name)) {
                return Optional.of(infra);
            }
        }
        Optional<Service> whole = Service.named(name);
        if (whole.isPresent()) {
            return Optional.of(of(whole.get(), 1));
        }
        Matcher m = REPLICA.matcher(name);
        if (m.matches()) {
            return Service.named(m.group(1)).filter(Service::replicated)
                    .map(s -> of(s, Integer.parseInt(m.group(2))));
        }
        return Optional.empty();
    }

    public boolean infrastructure() {
        return service == null;
    }

    @Override
    public String toString() {
        return name;
    }
}
