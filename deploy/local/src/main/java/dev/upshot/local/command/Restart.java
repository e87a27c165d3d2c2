package dev.upshot.local.command;

import dev.upshot.local.Die;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.Home;
import dev.upshot.local.config.Repo;
import dev.upshot.local.process.OsProcesses;
import dev.upshot.local.process.PartProcesses;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code restart PART}: asks PART's supervisor for a restart now. The request file tells the supervisor that the
 * exit which follows was wanted (no back-off, not counted as a restart).
 */
final class Restart {
    private Restart() {
    }

    static int run(Repo repo, Env env, List<String> args) throws IOException {
        if (args.size() != 1) {
            throw new Die("usage: ./upshot restart PART");
        }
        String part = args.getFirst();
        Home home = Home.existing(repo.home(env));
        long pid = new PartProcesses(home).pidOf(part)
                .orElseThrow(() -> new Die(part + " is not running (./upshot up starts it)"));
        Files.writeString(home.restartRequest(part), "");
        OsProcesses.readPid(home.child(part)).ifPresent(child -> OsProcesses.handle(child).ifPresent(ProcessHandle::destroy));
        System.out.println("upshot restart: " + part + " is being restarted by the supervisor (pid " + pid
                + "); ./upshot status shows it");
        return 0;
    }
}
