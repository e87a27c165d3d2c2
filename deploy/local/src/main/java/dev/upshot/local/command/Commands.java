package dev.upshot.local.command;

import dev.upshot.local.config.Env;
import dev.upshot.local.config.Repo;

import java.util.List;

/** The commands of {@code ./upshot}, by name. */
public final class Commands {
    private Commands() {
    }

    /** Runs one command; returns the exit status. */
    public static int run(Repo repo, Env env, String command, List<String> args) throws Exception {
        return switch (command) {
            case "up" -> Up.run(repo, env, args);
            case "down" -> Down.run(repo, env, args);
            case "status" -> Status.run(repo, env, args);
            case "env" -> PrintEnv.run(repo, env, args);
            case "logs" -> Logs.run(repo, env, args);
            case "test" -> TestRun.run(repo, env, args);
            case "restart" -> Restart.run(repo, env, args);
            case "outbox" -> Operator.outbox(repo, env, args);
            case "dlq" -> Operator.dlq(repo, env, args);
            case "__supervise" -> Supervise.run(env, args);
            case "help", "-h", "--help" -> {
                System.out.print(Usage.text());
                yield 0;
            }
            default -> {
                System.err.println("upshot: unknown command '" + command + "'");
                System.err.println();
                System.err.print(Usage.text());
                yield 2;
            }
        };
    }
}
