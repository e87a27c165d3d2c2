package dev.upshot.local.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What the runner asks Linux about processes it did not start itself: pid files, environments, command lines. */
public final class OsProcesses {
    private OsProcesses() {
    }

    /** The pid in a file, if the file holds one. */
    public static OptionalLong readPid(Path file) {
        try {
            String text = Files.readString(file).lines().findFirst().orElse("").trim();
            return text.matches("[0-9]+") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    public static void writePid(Path file, long pid) {
        try {
            Files.writeString(file, pid + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The NUL-separated entries of /proc/PID/{environ,cmdline}; empty when unreadable. */
    public static List<String> proc(long pid, String what) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), what)),
                    StandardCharsets.UTF_8);
            return Arrays.asList(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL to it and its descendants; true if it had to be killed. */
    public static boolean stop(ProcessHandle process, Duration grace) {
        process.destroy();
        return killAfter(List.of(process), grace) > 0;
    }

    /** Waits for all of them up to {@code grace}; SIGKILLs what is left with its descendants; returns how many. */
    public static int killAfter(List<ProcessHandle> processes, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(200));
        }
        List<ProcessHandle> left = processes.stream().filter(ProcessHandle::isAlive).toList();
        for (ProcessHandle p : left) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        left.forEach(p -> p.onExit().join());
        return left.size();
    }

    /** A signal the JDK cannot send (SIGINT: PostgreSQL's fast shutdown), through the shell's kill. */
    public static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("sh", "-c", "kill -" + signal + " \"$0\"", Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static Optional<ProcessHandle> handle(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }
}
