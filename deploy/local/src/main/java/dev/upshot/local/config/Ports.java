package dev.upshot.local.config;

import dev.upshot.local.Die;
import dev.upshot.local.part.Part;
import dev.upshot.local.part.Service;

import java.util.EnumMap;
import java.util.Map;

/** The address everything binds to and every part's port, from UPSHOT_BIND and the UPSHOT_*_PORT variables. */
public record Ports(String bind, int kafka, int kafkaController, int pg, int s3, Map<Service, Integer> services) {

    public static Ports from(Env env) {
        Map<Service, Integer> services = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            services.put(s, port(env, s.portVariable(), s.defaultPort()));
        }
        return new Ports(env.get("UPSHOT_BIND", "127.0.0.1"), port(env, "UPSHOT_KAFKA_PORT", 9092),
                port(env, "UPSHOT_KAFKA_CONTROLLER_PORT", 9093), port(env, "UPSHOT_PG_PORT", 5433),
                port(env, "UPSHOT_S3_PORT", 9000), services);
    }

    /** Throw-away infrastructure on free ports; the services keep their default ports. */
    public static Ports free(FreePorts free) {
        Map<Service, Integer> services = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            services.put(s, s.defaultPort());
        }
        return new Ports("127.0.0.1", free.next(), free.next(), free.next(), free.next(), services);
    }

    private static int port(Env env, String variable, int fallback) {
        String value = env.get(variable, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Die("invalid port '" + value + "' in the UPSHOT_*_PORT settings");
    }

    /** Where clients connect: the bind address, or the loopback when binding to every interface. */
    public String host() {
        return switch (bind) {
            case "0.0.0.0", "*", "" -> "127.0.0.1";
            default -> bind;
        };
    }

    /** The address a server listens on ({@code *} is not one). */
    public String listenHost() {
        return "*".equals(bind) ? "0.0.0.0" : bind;
    }

    public int of(Service service) {
        return services.get(service);
    }

    public int of(Part part) {
        if (part.equals(Part.KAFKA)) {
            return kafka;
        }
        if (part.equals(Part.PG)) {
            return pg;
        }
        if (part.equals(Part.S3)) {
            return s3;
        }
        return of(part.service()) + Part.REPLICA_PORT_STEP * (part.replica() - 1);
    }

    /** The UPSHOT_* settings these ports came from, as run/state.env keeps them. */
    public Map<String, String> settings() {
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        vars.put("UPSHOT_BIND", bind);
        vars.put("UPSHOT_KAFKA_PORT", Integer.toString(kafka));
        vars.put("UPSHOT_KAFKA_CONTROLLER_PORT", Integer.toString(kafkaController));
        vars.put("UPSHOT_PG_PORT", Integer.toString(pg));
        vars.put("UPSHOT_S3_PORT", Integer.toString(s3));
        services.forEach((s, p) -> vars.put(s.portVariable(), Integer.toString(p)));
        return vars;
    }
}
