package dev.upshot.local.command;

import dev.upshot.local.Console;
import dev.upshot.local.Die;
import dev.upshot.local.build.Reactor;
import dev.upshot.local.config.Stack;
import dev.upshot.local.infra.Kafka;
import dev.upshot.local.infra.Postgres;
import dev.upshot.local.infra.S3Proxy;
import dev.upshot.local.part.Part;
import dev.upshot.local.process.Launch;
import dev.upshot.local.process.OsProcesses;
import dev.upshot.local.process.PartProcesses;
import dev.upshot.local.process.Postmaster;
import dev.upshot.local.process.SelfCommand;
import dev.upshot.local.process.ServiceLaunch;
import dev.upshot.local.process.Stopper;
import dev.upshot.local.readiness.Probes;
import dev.upshot.local.readiness.Readiness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;

/**
 * Starts the parts of one stack that are not running yet, waits for each to be ready, and stops what it started when
 * something fails.
 */
final class Starter {
    private final Stack stack;
    private final Reactor reactor;
    private final PartProcesses processes;
    private final String java = SelfCommand.java();
    private final Kafka kafka;
    private final Postgres pg;
    private final S3Proxy s3;
    private final List<Part> started = new ArrayList<>();
    private final Map<Part, Long> startedAt = new HashMap<>();
    private boolean stopped;

    Starter(Stack stack, Reactor reactor) {
        this.stack = stack;
        this.reactor = reactor;
        this.processes = new PartProcesses(stack.home());
        this.kafka = new Kafka(stack, java);
        this.pg = new Postgres(stack, java);
        this.s3 = new S3Proxy(stack, java);
    }

    synchronized List<Part> started() {
        return List.copyOf(started);
    }

    /**
     * Kafka, PostgreSQL and the S3 store are launched, then awaited in that order. The first start of a home formats
     * Kafka's storage and prepares PostgreSQL's cluster, a JVM each for a few seconds: side by side.
     */
    void startInfrastructure() throws IOException, InterruptedException {
        FutureTask<Launch> kafkaPrepared = null;
        if (!processes.running("kafka")) {
            needFreePort("kafka", stack.ports().kafka());
            needFreePort("kafka-controller", stack.ports().kafkaController());
            kafkaPrepared = new FutureTask<>(kafka::prepare);
            Thread.ofPlatform().name("kafka-prepare").start(kafkaPrepared);
        }
        if (!stack.db().external() && !processes.running("pg")) {
            Postmaster.stopOrphan(stack.home(), stack.settings().stopGrace(), true);
            needFreePort("pg", stack.ports().pg());
            launch(pg.launch());
        }
        if (kafkaPrepared != null) {
            launch(prepared(kafkaPrepared));
        }
        if (!stack.storage().external() && !processes.running("s3")) {
            needFreePort("s3", stack.ports().s3());
            launch(s3.prepare());
        }
        reportOrWait(Part.KAFKA, kafka::ready);
        if (stack.db().external()) {
            external("pg", stack.db().host() + ":" + stack.db().port(), pg::ready,
                    "cannot reach PostgreSQL at " + stack.db().host() + ":" + stack.db().port() + " (UPSHOT_DB_URL)");
        } else {
            reportOrWait(Part.PG, pg::ready);
        }
        if (stack.storage().external()) {
            external("s3", stack.storage().endpoint(), s3::ready,
                    "cannot reach S3 at " + stack.storage().endpoint() + " (UPSHOT_S3_ENDPOINT)");
        } else {
            reportOrWait(Part.S3, s3::ready);
        }
    }

    private static Launch prepared(FutureTask<Launch> preparation) throws IOException, InterruptedException {
        try {
            return preparation.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case InterruptedException interrupted -> throw interrupted;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    Kafka.Topics ensureTopics() throws IOException {
        return kafka.ensureTopics();
    }

    /** A service or one of its replicas, with the services' environment and the liveness URL its supervisor checks. */
    void startService(Part part, Map<String, String> environment) {
        if (processes.running(part.name())) {
            return;
        }
        int port = stack.ports().of(part);
        needFreePort(part.name(), port);
        Path dir = reactor.module(part.service().module()).orElseThrow().dir();
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(ServiceLaunch.environment(port, stack.ports().bind()));
        List<String> extra = Arrays.stream(stack.env().get("UPSHOT_SERVICE_JAVA_OPTS", "").trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
        launch(new Launch(part, dir, "http://" + stack.ports().host() + ":" + port + "/q/health/live", env,
                ServiceLaunch.command(java, dir, extra)));
    }

    void awaitService(Part part) throws InterruptedException {
        String url = "http://" + stack.ports().host() + ":" + stack.ports().of(part) + "/q/health/ready";
        reportOrWait(part, () -> Probes.httpStatus(url, Duration.ofSeconds(3)) == 200);
    }

    /**
     * After a failure, an interrupt or a test run: stops what this command started. Nothing is launched after it (a
     * shutdown hook runs it while the command's own thread goes on).
     */
    synchronized void stopStarted() {
        stopped = true;
        new Stopper(stack.home(), stack.settings().stopGrace()).stopInReverse(started);
        started.clear();
    }

    private synchronized void launch(Launch launch) {
        if (stopped) {
            throw new Die("stopped: not starting " + launch.part());
        }
        processes.launch(launch);
        started.add(launch.part());
        startedAt.put(launch.part(), System.nanoTime());
    }

    private void needFreePort(String part, int port) {
        if (Probes.portOpen(stack.ports().host(), port)) {
            throw new Die(part + " cannot start: port " + port + " on " + stack.ports().host()
                    + " is already in use (set the matching UPSHOT_*_PORT)");
        }
    }

    private void external(String name, String where, BooleanSupplier reachable, String problem) {
        Console.begin(name, "external " + where + " ...");
        if (!reachable.getAsBoolean()) {
            System.out.println(" NOT reachable");
            throw new Die(problem);
        }
        System.out.println(" reachable");
    }

    /** Parts that were running already are reported, new ones awaited. */
    private void reportOrWait(Part part, BooleanSupplier ready) throws InterruptedException {
        var pid = OsProcesses.readPid(stack.home().child(part.name()));
        if (!started.contains(part) && processes.running(part.name()) && pid.isPresent() && ready.getAsBoolean()) {
            Console.line(part.name(), "already running (pid " + pid.getAsLong() + ")");
            return;
        }
        awaitReady(part, ready);
    }

    /** Progress dots until the part is ready, its process exits (or is restarted), or the timeout passes. */
    private void awaitReady(Part part, BooleanSupplier ready) throws InterruptedException {
        long t0 = startedAt.getOrDefault(part, System.nanoTime());
        Console.begin(part.name(), "...");
        long[] dots = {0};
        Readiness.Outcome outcome = Readiness.await(ready,
                () -> !processes.running(part.name()) || stack.home().restartCount(part.name()) > 0,
                stack.settings().timeout().minusNanos(System.nanoTime() - t0), Duration.ofMillis(500), waited -> {
                    long twoSeconds = (System.nanoTime() - t0) / 2_000_000_000L;
                    if (twoSeconds > dots[0]) {
                        Console.more(".");
                        dots[0] = twoSeconds;
                    }
                });
        switch (outcome) {
            case READY -> System.out.printf(" ready (%d s)%n", Console.secondsSince(t0));
            case FAILED -> {
                System.out.printf(" FAILED: the process exited after %d s%n",
                        (System.nanoTime() - t0) / 1_000_000_000L);
                throw failed(part);
            }
            case TIMED_OUT -> {
                System.out.printf(" FAILED: not ready after %d s%n", stack.settings().timeout().toSeconds());
                throw failed(part);
            }
        }
    }

    private Die failed(Part part) {
        Path log = stack.home().log(part.name());
        if (Files.exists(log)) {
            System.err.println("---- last lines of " + log + " ----");
            Logs.tail(log, 25).forEach(System.err::println);
            System.err.println("----");
        }
        return new Die(part.name() + " failed to start; its log: " + log);
    }
}
