package dev.upshot.local;

import dev.upshot.local.command.Commands;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.Repo;

import java.util.Arrays;
import java.util.List;

/** The local runner behind {@code ./upshot}: {@code ./upshot help} lists the commands. */
public final class Upshot {
    private Upshot() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        int status;
        try {
            status = Commands.run(Repo.current(), Env.system(), command, rest);
        } catch (Die e) {
            System.out.flush();
            System.err.println("upshot: " + e.getMessage());
            status = e.status();
        }
        System.exit(status);
    }
}
