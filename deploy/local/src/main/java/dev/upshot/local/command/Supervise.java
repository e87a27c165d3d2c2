package dev.upshot.local.command;

import dev.upshot.local.config.Env;
import dev.upshot.local.config.Home;
import dev.upshot.local.config.Settings;
import dev.upshot.local.process.SupervisorDaemon;

import java.nio.file.Path;
import java.util.List;

/** {@code __supervise HOME}: the one supervisor process of a home, started by the first part {@code up} launches. */
final class Supervise {
    private Supervise() {
    }

    static int run(Env env, List<String> args) throws Exception {
        new SupervisorDaemon(new Home(Path.of(args.getFirst())), Settings.from(env)).run();
        return 0;
    }
}
