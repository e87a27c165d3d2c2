package dev.upshot.local.command;

import dev.upshot.local.Die;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.Home;
import dev.upshot.local.config.Repo;
import dev.upshot.local.config.Settings;
import dev.upshot.local.part.Part;
import dev.upshot.local.process.Postmaster;
import dev.upshot.local.process.Stopper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code down}: stops everything {@code up} started, services first, then s3, pg and kafka. */
final class Down {
    private Down() {
    }

    static int run(Repo repo, Env env, List<String> args) {
        if (!args.isEmpty()) {
            throw new Die("down takes no arguments");
        }
        Path dir = repo.home(env);
        if (!Files.isDirectory(dir)) {
            System.out.println("upshot down: nothing was running");
            return 0;
        }
        Running running = Running.load(Home.existing(dir), env);
        List<Part> parts = running.knownParts(1);
        boolean any = parts.stream().anyMatch(p -> running.processes().running(p.name()));
        Settings settings = Settings.from(env);
        new Stopper(running.home(), settings.stopGrace()).stopInReverse(parts);
        Postmaster.stopOrphan(running.home(), settings.stopGrace(), true);
        System.out.println(any ? "upshot down: stopped (data kept in " + running.home().dir().resolve("data") + ")"
                : "upshot down: nothing was running");
        return 0;
    }
}
