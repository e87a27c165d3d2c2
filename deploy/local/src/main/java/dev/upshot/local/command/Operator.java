package dev.upshot.local.command;

import dev.upshot.local.Die;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.Repo;
import dev.upshot.local.part.Part;
import dev.upshot.local.part.Service;
import dev.upshot.local.readiness.Probes;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' operator endpoints (/ops/…, with the account's ops token): {@code outbox}, {@code dlq}, and the
 * backlog/lag/dead-letter table of {@code status}.
 */
final class Operator {
    private static final Pattern BACKLOG = Pattern.compile("\"backlog\":([0-9]*)");
    private static final Pattern RECORDS = Pattern.compile("\"records\":([0-9]+)");
    private static final Pattern LAG =
            Pattern.compile("^kafka_consumer_fetch_manager_records_lag\\{.*topic=\".*\\s([0-9.eE+]+)$");

    private final Running running;
    private final String token;

    Operator(Running running) {
        this.running = running;
        this.token = running.account().opsToken();
    }

    String call(Service service, String method, String path) {
        return Probes.request(method, running.url(Part.of(service, 1), "/ops/" + path), token, Duration.ofSeconds(60))
                .body();
    }

    /** {@code outbox [SERVICE [redrive|drop ID]]}: events the broker refused for good. */
    static int outbox(Repo repo, Env env, List<String> args) {
        return command(repo, env, args, "outbox", (ops, s, verb) -> switch (verb) {
            case "redrive" -> ops.call(s, "POST", "outbox/parked/" + third(args, "usage: ./upshot outbox SERVICE redrive ID")
                    + "/redrive");
            case "drop" -> ops.call(s, "DELETE", "outbox/parked/" + third(args, "usage: ./upshot outbox SERVICE drop ID"));
            default -> throw new Die("usage: ./upshot outbox [SERVICE [redrive|drop ID]]");
        });
    }

    /** {@code dlq [SERVICE [replay TOPIC]]}: dead-letter topics, or a replay of one. */
    static int dlq(Repo repo, Env env, List<String> args) {
        return command(repo, env, args, "dead-letters", (ops, s, verb) -> switch (verb) {
            case "replay" -> ops.call(s, "POST", "dead-letters/" + third(args, "usage: ./upshot dlq SERVICE replay TOPIC")
                    + "/replay");
            default -> throw new Die("usage: ./upshot dlq [SERVICE [replay TOPIC]]");
        });
    }

    /** A verb on one service's endpoint. */
    private interface Verb {
        String call(Operator ops, Service service, String verb);
    }

    /** No arguments: {@code listing} of every running service; SERVICE: its listing; SERVICE VERB ...: the verb. */
    private static int command(Repo repo, Env env, List<String> args, String listing, Verb verb) {
        Operator ops = new Operator(Running.load(repo, env));
        if (args.isEmpty()) {
            return ops.each(listing);
        }
        Service s = Service.named(args.getFirst()).orElseThrow(() -> new Die("unknown service '" + args.getFirst() + "'"));
        System.out.println(args.size() == 1 ? ops.call(s, "GET", listing) : verb.call(ops, s, args.get(1)));
        return 0;
    }

    private int each(String path) {
        for (Service s : Service.values()) {
            if (running.processes().running(s.module())) {
                System.out.println(s.module() + ": " + call(s, "GET", path));
            }
        }
        return 0;
    }

    /** Outbox backlog, parked rows, consumer lag and dead letters of every running service. */
    void summary() {
        System.out.printf("%-20s %-8s %-8s %-8s %s%n", "SERVICE", "BACKLOG", "PARKED", "LAG", "DEAD-LETTERS");
        for (Service s : Service.values()) {
            if (!running.processes().running(s.module())) {
                continue;
            }
            String outbox = call(s, "GET", "outbox");
            Matcher backlog = BACKLOG.matcher(outbox);
            long parked = Pattern.compile("\"eventId\"").matcher(outbox).results().count();
            long dead = RECORDS.matcher(call(s, "GET", "dead-letters?limit=0")).results()
                    .mapToLong(m -> Long.parseLong(m.group(1))).sum();
            System.out.printf("%-20s %-8s %-8s %-8s %s%n", s.module(),
                    backlog.find() && !backlog.group(1).isEmpty() ? backlog.group(1) : "?",
                    parked, lag(s), dead);
        }
    }

    /**
     * Records the service's consumer group has not processed yet, summed over the partitions its running parts are
     * assigned, from their Kafka client metrics; "-" when none answers.
     */
    private String lag(Service s) {
        double sum = 0;
        boolean scraped = false;
        for (Part part : s.parts(running.replicas())) {
            if (!running.processes().running(part.name())) {
                continue;
            }
            var metrics = Probes.request("GET", running.url(part, "/q/metrics"), null, Duration.ofSeconds(10));
            if (metrics.status() == 0) {
                continue;
            }
            scraped = true;
            for (String line : metrics.body().lines().toList()) {
                Matcher m = LAG.matcher(line);
                if (m.matches()) {
                    sum += Double.parseDouble(m.group(1));
                }
            }
        }
        return scraped ? Long.toString((long) sum) : "-";
    }

    private static String third(List<String> args, String usage) {
        if (args.size() != 3) {
            throw new Die(usage);
        }
        return args.get(2);
    }
}
