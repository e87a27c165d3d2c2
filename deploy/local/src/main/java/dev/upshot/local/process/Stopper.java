package dev.upshot.local.process;

import dev.upshot.local.Console;
import dev.upshot.local.config.Home;
import dev.upshot.local.part.Part;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Stops parts: SIGTERM to their supervisors, SIGKILL with their descendants after the grace period. */
public final class Stopper {
    private final Home home;
    private final PartProcesses processes;
    private final Duration grace;

    public Stopper(Home home, Duration grace) {
        this.home = home;
        this.processes = new PartProcesses(home);
        this.grace = grace;
    }

    /** The services first, together (they do not depend on one another), then s3, pg and kafka one by one. */
    public void stopInReverse(List<Part> parts) {
        List<Part> services = new ArrayList<>(parts.stream().filter(p -> !p.infrastructure()).toList());
        java.util.Collections.reverse(services);
        if (!services.isEmpty()) {
            stopTogether(services);
        }
        for (Part infra : List.of(Part.S3, Part.PG, Part.KAFKA)) {
            if (parts.contains(infra)) {
                stop(infra);
            }
        }
    }

    private void stop(Part part) {
        var pid = processes.pidOf(part.name());
        var handle = pid.isPresent() ? OsProcesses.handle(pid.getAsLong()) : java.util.Optional.<ProcessHandle>empty();
        if (handle.isPresent()) {
            Console.begin(part.name(), "stopping (pid " + pid.getAsLong() + ") ...");
            long t0 = System.nanoTime();
            String verb = OsProcesses.stop(handle.get(), grace) ? "killed after " + grace.toSeconds() + " s grace"
                    : "stopped";
            System.out.printf(" %s (%d s)%n", verb, Console.secondsSince(t0));
        }
        forget(part);
        if (part.equals(Part.PG)) {
            Postmaster.stopOrphan(home, grace, true);
        }
    }

    private void stopTogether(List<Part> parts) {
        List<String> names = new ArrayList<>();
        List<ProcessHandle> running = new ArrayList<>();
        for (Part part : parts) {
            var pid = processes.pidOf(part.name());
            var handle = pid.isPresent() ? OsProcesses.handle(pid.getAsLong()) : java.util.Optional.<ProcessHandle>empty();
            if (handle.isPresent()) {
                names.add(part.name());
                running.add(handle.get());
                handle.get().destroy();
            } else {
                forget(part);
            }
        }
        if (running.isEmpty()) {
            return;
        }
        Console.begin("services", "stopping " + String.join(" ", names) + " ...");
        long t0 = System.nanoTime();
        int killed = OsProcesses.killAfter(running, grace);
        if (killed > 0) {
            Console.more(" " + killed + " killed after " + grace.toSeconds() + " s grace,");
        }
        System.out.printf(" stopped (%d s)%n", Console.secondsSince(t0));
        for (Part part : parts) {
            forget(part);
        }
    }

    private void forget(Part part) {
        try {
            Files.deleteIfExists(home.pid(part.name()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
