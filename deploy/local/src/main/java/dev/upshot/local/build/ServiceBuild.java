package dev.upshot.local.build;

import dev.upshot.local.Console;
import dev.upshot.local.Die;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the services with Maven at the repository root, one progress line rewritten with the module in work. */
public final class ServiceBuild {
    private static final Pattern BUILDING =
            Pattern.compile("^\\[INFO] Building (.*) [^ ]*-SNAPSHOT *\\[([0-9]*)/([0-9]*)]$");

    private ServiceBuild() {
    }

    /** {@code mvn -B -DskipTests package} (not install: ~/.m2 may be shared) at {@code root}, output to {@code log}; dies when it fails. */
    public static void run(Path root, Path log) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process mvn = new ProcessBuilder("mvn", "-B", "-DskipTests", "package").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        while (!mvn.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
            progress(log, t0);
        }
        if (mvn.exitValue() != 0) {
            System.out.println(" FAILED");
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            throw new Die("building the services failed (full log: " + log + ")");
        }
        progress(log, t0);
        System.out.printf(" done (%d s)%n", Console.secondsSince(t0));
    }

    private static void progress(Path log, long t0) throws IOException {
        String current = "resolving dependencies";
        for (String line : Files.readAllLines(log)) {
            Matcher m = BUILDING.matcher(line);
            if (m.matches()) {
                current = "module " + m.group(2) + " of " + m.group(3) + ": " + m.group(1);
            }
        }
        System.out.printf("\r  %-20s %-64s %4d s", "", current, (System.nanoTime() - t0) / 1_000_000_000L);
        System.out.flush();
    }
}
