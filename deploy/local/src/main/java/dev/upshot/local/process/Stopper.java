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

/**
 * Stops parts: each gets a stop request (run/PART.stop), on which the supervisor sends SIGTERM to its process and
 * forgets it; a process still alive after the grace period is SIGKILLed with its descendants.
 */
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
            stop(services, "services");
        }
        for (Part infra : List.of(Part.S3, Part.PG, Part.KAFKA)) {
            if (parts.contains(infra)) {
                stop(List.of(infra), null);
                if (infra.equals(Part.PG)) {
                    Postmaster.stopOrphan(home, grace, true);
                }
            }
        }
    }

    /** {@code label}: the progress line's name for a group; null for one part, which shows its pid. */
    private void stop(List<Part> parts, String label) {
        List<String> names = new ArrayList<>();
        for (Part part : parts) {
            if (processes.running(part.name())) {
                names.add(part.name());
                write(home.stopRequest(part.name()));
            } else {
                forget(part.name());
            }
        }
        if (names.isEmpty()) {
            return;
        }
        if (label == null) {
            Console.begin(names.getFirst(), "stopping (pid " + OsProcesses.readPid(home.child(names.getFirst()))
                    .orElse(processes.supervisor().orElse(0)) + ") ...");
        } else {
            Console.begin(label, "stopping " + String.join(" ", names) + " ...");
        }
        long t0 = System.nanoTime();
        long deadline = t0 + grace.toNanos();
        while (names.stream().anyMatch(this::supervised) && System.nanoTime() < deadline) {
            OsProcesses.pause(Duration.ofMillis(100));
        }
        List<ProcessHandle> left = names.stream().filter(this::supervised)
                .flatMap(n -> OsProcesses.readPid(home.child(n)).stream().boxed())
                .flatMap(pid -> OsProcesses.handle(pid).stream()).toList();
        int killed = OsProcesses.killAfter(left, Duration.ZERO);
        names.forEach(this::forget);
        if (killed > 0) {
            Console.more(" " + (label == null ? "killed" : killed + " killed") + " after " + grace.toSeconds()
                    + " s grace,");
        }
        System.out.printf(" stopped (%d s)%n", Console.secondsSince(t0));
    }

    /** Its supervisor has not let go of it yet. */
    private boolean supervised(String part) {
        return Files.exists(home.launch(part)) && processes.supervisor().isPresent();
    }

    private void forget(String part) {
        try {
            Files.deleteIfExists(home.launch(part));
            Files.deleteIfExists(home.stopRequest(part));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(java.nio.file.Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
