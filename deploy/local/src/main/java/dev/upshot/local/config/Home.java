package dev.upshot.local.config;

import dev.upshot.local.Die;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where one run's data, logs, pids and generated configuration live: data/{kafka,pg,s3}, logs/PART.log,
 * run/PART.{launch,child,restarts}, run/supervisor.pid, conf/, tmp/, account.env, s3.env and run/state.env.
 */
public record Home(Path dir) {

    /** The home, created with its folders. */
    public static Home create(Path dir) {
        Home home = new Home(dir.toAbsolutePath().normalize());
        try {
            for (String sub : List.of("data/kafka", "data/pg", "data/s3", "logs", "run", "conf", "tmp")) {
                Files.createDirectories(home.dir.resolve(sub));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    /** An existing home, for commands that look and do not create. */
    public static Home existing(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new Die("nothing here yet: " + dir + " does not exist (run ./upshot up)");
        }
        return new Home(dir.toAbsolutePath().normalize());
    }

    public Path log(String part) {
        return dir.resolve("logs/" + part + ".log");
    }

    /** The home's one supervisor process, which runs every part. */
    public Path supervisorPid() {
        return dir.resolve("run/supervisor.pid");
    }

    /** How to run PART (its command, folder, environment, liveness URL): present while PART is supervised. */
    public Path launch(String part) {
        return dir.resolve("run/" + part + ".launch");
    }

    /** Written by {@code down}: the supervisor stops PART and forgets it. */
    public Path stopRequest(String part) {
        return dir.resolve("run/" + part + ".stop");
    }

    /** The pid of the process the supervisor runs now. */
    public Path child(String part) {
        return dir.resolve("run/" + part + ".child");
    }

    /** One line per restart after an exit or a failed liveness check (not per requested restart). */
    public Path restarts(String part) {
        return dir.resolve("run/" + part + ".restarts");
    }

    /** Present while a restart asked for by {@code ./upshot restart} is under way. */
    public Path restartRequest(String part) {
        return dir.resolve("run/" + part + ".restart");
    }

    public Path state() {
        return dir.resolve("run/state.env");
    }

    public Path account() {
        return dir.resolve("account.env");
    }

    public Path data(String what) {
        return dir.resolve("data/" + what);
    }

    public Path conf(String file) {
        return dir.resolve("conf/" + file);
    }

    public Path tmp() {
        return dir.resolve("tmp");
    }

    public int restartCount(String part) {
        try {
            Path f = restarts(part);
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
