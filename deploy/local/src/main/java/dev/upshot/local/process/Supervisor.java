package dev.upshot.local.process;

import dev.upshot.local.config.Home;
import dev.upshot.local.config.Settings;
import dev.upshot.local.readiness.Probes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Runs one part's command and restarts it with {@link Backoff} when it exits, or when its liveness URL fails
 * {@code livenessFailures} checks in a row (one every {@code livenessInterval}, after {@code timeout} of start-up
 * grace; a check that gets no answer in 5 s fails). Each such restart adds a line to run/PART.restarts;
 * {@code ./upshot restart} (run/PART.restart + SIGTERM to the child) restarts at once and is not counted.
 * {@link #stop()} ends the process and the loop. The process writes to logs/PART.log, and so do the notes.
 */
public final class Supervisor {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final Home home;
    private final String part;
    private final LaunchFile launch;
    private final Settings settings;
    private final Runnable beforeStart;
    private final Backoff backoff = new Backoff();
    private final Object lock = new Object();
    private Process child;
    private volatile boolean stopping;

    /** @param beforeStart run before every start (PostgreSQL: stop a server its dead launcher left behind) */
    public Supervisor(Home home, String part, LaunchFile launch, Settings settings, Runnable beforeStart) {
        this.home = home;
        this.part = part;
        this.launch = launch;
        this.settings = settings;
        this.beforeStart = beforeStart;
    }

    /** Supervises until {@link #stop()}. */
    public void run() throws IOException, InterruptedException {
        while (true) {
            beforeStart.run();
            Process current;
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                child = start();
                current = child;
            }
            OsProcesses.writePid(home.child(part), current.pid());
            Instant started = Instant.now();
            watch(current, started);
            int rc = current.waitFor();
            if (stopping) {
                return;
            }
            Duration ran = Duration.between(started, Instant.now());
            Duration delay;
            if (Files.deleteIfExists(home.restartRequest(part))) {
                delay = Duration.ZERO;
                note("restart requested (exit " + rc + ")");
            } else {
                delay = backoff.after(ran);
                record(rc, ran, delay);
                note("exited with " + rc + " after " + ran.toSeconds() + " s; restarting in " + delay.toSeconds() + " s");
            }
            synchronized (lock) {
                if (!stopping) {
                    lock.wait(Math.max(1, delay.toMillis())); // stop() wakes it
                }
            }
        }
    }

    private Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launch.command()).directory(launch.directory().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.log(part).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        return builder.start();
    }

    /** Waits for the process to exit; kills it once it fails its liveness checks. */
    private void watch(Process current, Instant started) throws InterruptedException {
        Liveness checks = new Liveness(settings.livenessFailures());
        while (!current.waitFor(settings.livenessInterval().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (stopping || launch.liveness() == null
                    || Duration.between(started, Instant.now()).compareTo(settings.timeout()) <= 0) {
                continue;
            }
            int status = Probes.httpStatus(launch.liveness(), CHECK_TIMEOUT);
            boolean kill = checks.record(status == 200);
            if (status != 200) {
                note(String.format("liveness check failed (HTTP %03d), %d of %d", status, checks.failures(),
                        checks.limit()));
            }
            if (kill) {
                note("not alive: killing pid " + current.pid());
                current.destroyForcibly();
            }
        }
    }

    private void record(int rc, Duration ran, Duration delay) throws IOException {
        String line = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " exit " + rc + " after " + ran.toSeconds()
                + " s; restarted after " + delay.toSeconds() + " s\n";
        Files.writeString(home.restarts(part), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** SIGTERM to the process; returns once it has exited. No restart follows. */
    public void stop() {
        Process current;
        synchronized (lock) {
            stopping = true;
            current = child;
            lock.notifyAll();
        }
        if (current != null) {
            current.destroy();
            try {
                note("stopped (exit " + current.waitFor() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void note(String what) {
        try {
            Files.writeString(home.log(part), "upshot supervisor: " + part + ": " + what + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("upshot supervisor: " + part + ": " + what);
        }
    }
}
