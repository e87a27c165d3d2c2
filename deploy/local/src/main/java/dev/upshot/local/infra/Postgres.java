package dev.upshot.local.infra;

import dev.upshot.local.config.Stack;
import dev.upshot.local.part.Part;
import dev.upshot.local.process.Launch;
import dev.upshot.local.process.ServiceLaunch;
import dev.upshot.local.readiness.Probes;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The embedded PostgreSQL ({@link EmbeddedPostgres}), or the external one UPSHOT_DB_URL names. */
public final class Postgres {
    private final Stack stack;
    private final String java;

    public Postgres(Stack stack, String java) {
        this.stack = stack;
        this.java = java;
    }

    public Launch launch() {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(new Cds(stack.cds(), stack.home()).options("pg"));
        command.addAll(List.of("-Xms8m", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xss256k",
                "-XX:ReservedCodeCacheSize=16m"));
        command.addAll(ServiceLaunch.FOOTPRINT);
        command.addAll(List.of("-Djava.io.tmpdir=" + stack.home().tmp(), stack.repo().log4jOption(), "-cp",
                stack.repo().infraClassPath(), EmbeddedPostgres.class.getName(),
                "--port", Integer.toString(stack.ports().pg()), "--bind", stack.ports().bind(),
                "--data", stack.home().data("pg").toString(), "--database", "upshot",
                "--startup-timeout", Long.toString(stack.settings().timeout().toSeconds()),
                "--binaries", stack.pgBinaries().toString()));
        return new Launch(Part.PG, stack.home().dir(), null, Map.of(), command);
    }

    public boolean ready() {
        if (stack.db().external()) {
            return Probes.portOpen(stack.db().host(), stack.db().port());
        }
        try {
            return Files.readString(stack.home().log("pg")).contains(EmbeddedPostgres.READY);
        } catch (IOException e) {
            return false;
        }
    }
}
