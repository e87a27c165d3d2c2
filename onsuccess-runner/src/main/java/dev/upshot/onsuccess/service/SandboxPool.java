package dev.upshot.onsuccess.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshot.onsuccess.config.RunnerConfig;
import dev.upshot.onsuccess.sandbox.RunResult;
import dev.upshot.onsuccess.sandbox.SandboxLimits;
import dev.upshot.onsuccess.sandbox.SandboxMain;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supervised pool of child JVMs, each hosting a {@link dev.upshot.onsuccess.sandbox.ScriptSandbox}. A child that
 * does not answer within the script timeout plus a grace period is killed and replaced; the run is reported as a
 * script failure, never retried, so a script that breaks its sandbox cannot loop on the topic. The pool is elastic:
 * {@code warm} children while idle, more (up to {@code size}) while scripts wait for one, each extra one stopped
 * after {@code idle-retire} without work.
 */
@ApplicationScoped
public class SandboxPool {
    private static final Logger LOG = Logger.getLogger(SandboxPool.class);

    private final RunnerConfig.Pool config;
    private final List<String> command;
    private final Duration runTimeout;
    private final long scriptTimeoutMillis;
    private final BlockingQueue<ChildSandbox> idle = new LinkedBlockingQueue<>();
    private final Set<ChildSandbox> live = ConcurrentHashMap.newKeySet();
    /** Children being started: with {@link #live}, what counts against the pool's size. */
    private final AtomicInteger starting = new AtomicInteger();
    /** The stop scheduled for each idle child beyond the warm ones; cancelled when the child takes work. */
    private final Map<ChildSandbox, ScheduledFuture<?>> retirements = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-pool");
        t.setDaemon(true);
        return t;
    });
    /** Kills a child whose answer is late; a cancelled deadline is dropped at once, not kept until it would fire. */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "sandbox-deadline");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;

    private final MeterRegistry registry;

    public SandboxPool(RunnerConfig config, MeterRegistry registry) {
        this.registry = registry;
        this.config = config.pool();
        deadlines.setRemoveOnCancelPolicy(true);
        RunnerConfig.Limits l = config.limits();
        this.scriptTimeoutMillis = l.timeout().toMillis();
        this.runTimeout = l.timeout().plus(this.config.killGrace());
        this.command = command(this.config.childHeap(), this.config.childJvmOptions(), this.config.warmUpRuns(),
                this.config.warmUpBudget(), new SandboxLimits(scriptTimeoutMillis, l.statements(), l.allocationBytes(), l.stringLength(),
                        l.outputBytes(), l.updateCalls(), l.updateBytes(), l.cachedSources()));
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("upshot.sandbox.warm", live, Set::size).description("sandbox processes started and alive")
                .register(registry);
        // at zero from the start, so a rate over them is defined before the first restart
        List.of("timeout", "crash").forEach(this::restarts);
        startFailures();
        startBelow(Math.max(1, config.warm()));
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        live.forEach(ChildSandbox::kill);
        threads.shutdownNow();
        deadlines.shutdownNow();
    }

    /** Children started, warm and alive (idle or busy). */
    public int warmChildren() {
        return live.size();
    }

    public int size() {
        return config.size();
    }

    public int warm() {
        return Math.max(1, config.warm());
    }

    /**
     * Runs a script in a free child; blocks the calling (worker) thread.
     *
     * @throws IllegalStateException when no child became free in time: a runner problem, so the event is retried
     */
    public RunResult run(String script, String eventJson) {
        ChildSandbox child = take();
        try {
            RunResult result = child.run(script, eventJson, runTimeout);
            release(child);
            return result;
        } catch (TimeoutException e) {
            replace(child, "timeout", "did not answer within " + runTimeout.toMillis() + " ms");
            return RunResult.failure("Script timed out after " + scriptTimeoutMillis + " ms");
        } catch (IOException e) {
            replace(child, "crash", "died: " + e.getMessage());
            return RunResult.failure("Script crashed its sandbox");
        }
    }

    /** A free child; when every child is busy, another starts (up to the size) and the first free one is taken. */
    private ChildSandbox take() {
        ChildSandbox child = idle.poll();
        if (child == null) {
            startBelow(config.size());
            try {
                child = idle.poll(config.acquireTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a sandbox", e);
            }
            if (child == null) {
                throw new IllegalStateException("no sandbox free within " + config.acquireTimeout());
            }
        }
        ScheduledFuture<?> retirement = retirements.remove(child);
        if (retirement != null) {
            retirement.cancel(false);
        }
        return child;
    }

    /** Back to the free ones; a child beyond the warm ones is stopped if no work comes for it in time. */
    private void release(ChildSandbox child) {
        if (live.size() > warm()) {
            retirements.put(child, deadlines.schedule(() -> retire(child), config.idleRetire().toMillis(),
                    TimeUnit.MILLISECONDS));
        }
        idle.add(child);
    }

    /** On the one deadline thread, so two retirements never both see a child to spare. */
    private void retire(ChildSandbox child) {
        retirements.remove(child);
        if (live.size() > warm() && idle.remove(child)) {   // not taken meanwhile
            live.remove(child);
            child.kill();
            LOG.debugf("sandbox process %d stopped after %s without work", child.pid(), config.idleRetire());
        }
    }

    /** @param reason {@code timeout} or {@code crash}, the restart counter's tag */
    private void replace(ChildSandbox child, String reason, String why) {
        LOG.warnf("sandbox process %d %s; killed and replaced", child.pid(), why);
        restarts(reason).increment();
        child.kill();
        live.remove(child);
        startBelow(warm());
    }

    /** Starts children (on the pool's threads) while those alive and starting are fewer than {@code limit}. */
    private synchronized void startBelow(int limit) {
        while (!stopped && live.size() + starting.get() < limit) {
            starting.incrementAndGet();
            threads.execute(this::spawn);
        }
    }

    private Counter restarts(String reason) {
        return Counter.builder("upshot.sandbox.restarts").description("sandbox processes killed and replaced")
                .tag("reason", reason).register(registry);
    }

    private Counter startFailures() {
        return Counter.builder("upshot.sandbox.start.failures").description("sandbox processes that failed to start")
                .register(registry);
    }

    /** Starts one child; on failure tries again after a pause, until the service stops. */
    private void spawn() {
        while (!stopped) {
            try {
                ChildSandbox child = ChildSandbox.start(command, config.startTimeout(), deadlines);
                live.add(child);
                starting.decrementAndGet();
                release(child);
                return;
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.errorf("sandbox process failed to start: %s", e.toString());
                startFailures().increment();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** The child JVM command line; package-private for the benchmark. */
    static List<String> command(String childHeap, List<String> jvmOptions, int warmUpRuns, Duration warmUpBudget,
                                SandboxLimits limits) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + childHeap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(childClasspath());
        command.add(SandboxMain.class.getName());
        try {
            command.add(new ObjectMapper().writeValueAsString(limits));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        command.add(Integer.toString(warmUpRuns));
        command.add(Long.toString(warmUpBudget.toMillis()));
        return command;
    }

    /**
     * The packaged service (fast-jar) starts from {@code quarkus-run.jar}, whose own class path holds only the
     * bootstrap; the children need the application and library jars beside it. Tests and dev mode run from a
     * plain class path, which the children can reuse as it is.
     */
    static String childClasspath() {
        String classpath = System.getProperty("java.class.path");
        if (!classpath.endsWith("quarkus-run.jar")) {
            return classpath;
        }
        Path app = Path.of(classpath).toAbsolutePath().getParent();
        return String.join(File.pathSeparator, app.resolve("app").resolve("*").toString(),
                app.resolve("lib").resolve("main").resolve("*").toString(),
                app.resolve("lib").resolve("boot").resolve("*").toString());
    }
}
