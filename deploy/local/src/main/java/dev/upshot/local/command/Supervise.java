package dev.upshot.local.command;

import dev.upshot.local.config.Env;
import dev.upshot.local.config.Home;
import dev.upshot.local.config.Settings;
import dev.upshot.local.process.Postmaster;
import dev.upshot.local.process.Supervisor;

import java.nio.file.Path;
import java.util.List;

/** {@code __supervise PART HOME LIVENESS_URL CMD...}: the supervisor process {@code up} starts for every part. */
final class Supervise {
    private Supervise() {
    }

    static int run(Env env, List<String> args) throws Exception {
        String part = args.get(0);
        Home home = new Home(Path.of(args.get(1)));
        Settings settings = Settings.from(env);
        Runnable beforeStart = part.equals("pg")
                ? () -> Postmaster.stopOrphan(home, settings.stopGrace(), false) : () -> { };
        Supervisor supervisor = new Supervisor(home, part, args.get(2), args.subList(3, args.size()), settings,
                beforeStart);
        // SIGTERM (down) stops the process first; the JVM exits once this hook returns
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop));
        supervisor.run();
        return 0;
    }
}
