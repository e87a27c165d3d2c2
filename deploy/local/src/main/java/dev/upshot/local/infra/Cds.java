package dev.upshot.local.infra;

import dev.upshot.local.config.Home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * JDK 19+ dynamic class-data sharing for Kafka and s3proxy, archived at the first clean stop
 * and reused by later starts of {@code up} (warm start under load measured 16 s -> 6-10 s). Off for throw-away test
 * runs and with UPSHOT_CDS=0. Not for the services: Quarkus loads them through its own class loader, which dynamic
 * archives do not cover (no gain measured).
 */
public record Cds(boolean enabled, Home home) {

    public List<String> options(String part) {
        if (!enabled) {
            return List.of();
        }
        try {
            Files.createDirectories(home.dir().resolve("run/cds"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of("-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + home.dir().resolve("run/cds/" + part + ".jsa"), "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off");
    }
}
