package dev.upshot.local.command;

import dev.upshot.local.Die;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.Repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code logs PART}: follows a part's log. */
final class Logs {
    private Logs() {
    }

    static int run(Repo repo, Env env, List<String> args) throws IOException, InterruptedException {
        if (args.size() != 1) {
            throw new Die("usage: ./upshot logs PART");
        }
        Path log = repo.home(env).resolve("logs/" + args.getFirst() + ".log");
        if (!Files.isRegularFile(log)) {
            throw new Die("no log " + log);
        }
        return new ProcessBuilder("tail", "-n", "100", "-F", log.toString()).inheritIO().start().waitFor();
    }

    /** The last {@code n} lines of a file (a log: undecodable bytes replaced). */
    static List<String> tail(Path file, int n) {
        try {
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
