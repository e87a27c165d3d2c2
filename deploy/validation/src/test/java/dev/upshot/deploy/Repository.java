package dev.upshot.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's root is, seen from this module's tests. */
final class Repository {
    static final Path ROOT = find();

    private Repository() {
    }

    private static Path find() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("contracts")) && Files.isDirectory(d.resolve("deploy/kubernetes"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }
}
