package dev.upshot.local.command;

import dev.upshot.local.Die;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.Home;
import dev.upshot.local.config.Repo;
import dev.upshot.local.part.Service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code env}: the CLOUDINARY_URL line again. */
final class PrintEnv {
    private PrintEnv() {
    }

    static int run(Repo repo, Env env, List<String> args) {
        if (!args.isEmpty()) {
            throw new Die("env takes no arguments");
        }
        Path dir = repo.home(env);
        if (!Files.isRegularFile(dir.resolve("account.env"))) {
            throw new Die("no account yet: run ./upshot up first");
        }
        Running running = Running.load(Home.existing(dir), env);
        System.out.println(running.account().cloudinaryUrl(running.ports().host(),
                running.ports().of(Service.UPLOAD_GATEWAY)));
        return 0;
    }
}
