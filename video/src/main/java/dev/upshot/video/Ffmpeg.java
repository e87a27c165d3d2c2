package dev.upshot.video;

import org.bytedeco.javacpp.Loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ffmpeg} and {@code ffprobe} programs of {@code org.bytedeco:ffmpeg}, extracted from the classpath by
 * JavaCPP's Loader on first use (its cache, nothing downloaded), and run as child processes: a hostile file can
 * crash or hang a child, never the JVM. Every run has a time limit and a bound on what it may print.
 */
public final class Ffmpeg {
    /** What a run may print on stdout (ffprobe's JSON, a still frame); more is an error. */
    private static final int MAX_OUTPUT = 64 * 1024 * 1024;
    private static final int MAX_ERRORS = 8 * 1024;
    private static final Path NICE = Path.of("/usr/bin/nice");

    private static volatile String ffmpeg;
    private static volatile String ffprobe;

    private Ffmpeg() {
    }

    /** The output of a run that exited 0. */
    public record Result(byte[] stdout, String stderr) {
    }

    /**
     * The jar ships libva under its unversioned file name, which a loading JVM finds by path but a child process,
     * linked against the versioned SONAME, does not: the SONAME links are added beside it (the cache is ours).
     */
    private static final Map<String, String> SONAMES = Map.of("libva.so", "libva.so.2",
            "libva-drm.so", "libva-drm.so.2");

    /** Path of the ffprobe program. */
    public static String ffprobe() {
        if (ffprobe == null) {
            ffprobe = linked(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
        }
        return ffprobe;
    }

    /** Path of the ffmpeg program. */
    public static String ffmpeg() {
        if (ffmpeg == null) {
            ffmpeg = linked(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
        }
        return ffmpeg;
    }

    static {
        // JavaCPP unpacks into ~/.javacpp/cache; on a read-only root filesystem (the Kubernetes manifests) only
        // /tmp is writable
        Path home = Path.of(System.getProperty("user.home", "/"));
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null && !Files.isWritable(home)) {
            System.setProperty("org.bytedeco.javacpp.cachedir",
                    Path.of(System.getProperty("java.io.tmpdir"), "javacpp-cache").toString());
        }
    }

    private static synchronized String linked(String program) {
        Path dir = Path.of(program).getParent();
        SONAMES.forEach((file, soname) -> {
            Path link = dir.resolve(soname);
            if (Files.exists(dir.resolve(file)) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createSymbolicLink(link, Path.of(file));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another process of the machine made it first
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot link " + link, e);
                }
            }
        });
        return program;
    }

    /** Runs ffprobe with these arguments. */
    public static Result probe(List<String> args, Duration timeout) throws VideoException {
        return run(ffprobe(), args, timeout, false);
    }

    /**
     * Runs ffmpeg with these arguments at a lower scheduling priority ({@code nice}), so transcodes yield the CPU
     * to the request paths sharing the machine.
     */
    public static Result transcode(List<String> args, Duration timeout) throws VideoException {
        return run(ffmpeg(), args, timeout, true);
    }

    /**
     * Runs another program that reads what ffmpeg wrote (a speech recogniser) under the same rules: lower priority,
     * time limit, bounded output, killed with its children however it ends.
     */
    public static Result niced(Path program, List<String> args, Duration timeout) throws VideoException {
        return run(program.toString(), args, timeout, true);
    }

    private static Result run(String program, List<String> args, Duration timeout, boolean nice)
            throws VideoException {
        List<String> command = new ArrayList<>();
        if (nice && Files.isExecutable(NICE)) {
            command.addAll(List.of(NICE.toString(), "-n", "10"));
        }
        command.add(program);
        command.addAll(args);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (program.equals(ffmpeg) || program.equals(ffprobe)) {
                // the program's RUNPATH reaches its own libraries, not what they link in turn (libva)
                builder.environment().put("LD_LIBRARY_PATH", Path.of(program).getParent().toString());
            }
            process = builder.start();
        } catch (IOException e) {
            throw new VideoException("could not start " + Path.of(program).getFileName() + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> out = drain(process.getInputStream(), MAX_OUTPUT);
        CompletableFuture<byte[]> err = drain(process.getErrorStream(), MAX_ERRORS);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new VideoException("took longer than " + timeout.toSeconds() + " s");
            }
            byte[] stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String stderr = new String(err.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8)
                    .strip();
            if (process.exitValue() != 0) {
                throw new VideoException(stderr.isEmpty() ? "exit code " + process.exitValue() : lastLine(stderr));
            }
            if (stdout == null) {
                throw new VideoException("printed more than " + MAX_OUTPUT + " bytes");
            }
            return new Result(stdout, stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VideoException("interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new VideoException("output unreadable: " + e.getMessage());
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            awaitExit(process);
        }
    }

    /** A killed program may still be inside a write: the caller deletes its output file only once it is gone. */
    private static void awaitExit(Process process) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a stream to its end on a virtual thread; null when it printed more than {@code max} bytes. */
    private static CompletableFuture<byte[]> drain(InputStream in, int max) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                byte[] bytes = in.readNBytes(max);
                boolean more = in.read() >= 0;
                in.transferTo(java.io.OutputStream.nullOutputStream());
                result.complete(more && max == MAX_OUTPUT ? null : bytes);
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static String lastLine(String text) {
        String[] lines = text.split("\n");
        return lines[lines.length - 1].strip();
    }
}
