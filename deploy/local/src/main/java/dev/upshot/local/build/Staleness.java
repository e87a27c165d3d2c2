package dev.upshot.local.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a service's packaged jar is older than what it is built from: its own sources and those of every reactor
 * module it depends on (so an edit in a shared library makes each service that uses it stale).
 */
public final class Staleness {
    private final Reactor reactor;

    public Staleness(Reactor reactor) {
        this.reactor = reactor;
    }

    /** Why the first of these services needs a build, e.g. {@code upload-gateway (sources newer than its jar)}. */
    public Optional<String> firstStale(List<String> services) {
        for (String service : services) {
            Optional<String> why = why(service);
            if (why.isPresent()) {
                return Optional.of(service + " (" + why.get() + ")");
            }
        }
        return Optional.empty();
    }

    /** Why this service needs a build, empty when its jar is current. */
    public Optional<String> why(String service) {
        Reactor.Module module = reactor.module(service)
                .orElseThrow(() -> new IllegalArgumentException(service + " is not a module of the reactor"));
        Path app = jar(module.dir());
        if (!Files.isRegularFile(app)) {
            return Optional.of("no " + reactor.root().relativize(app));
        }
        // the newer of the launcher jar and the application jar stands for the module's last build
        FileTime built = newest(Stream.concat(Stream.of(app), list(app.resolveSibling("app"))));
        for (Path input : reactor.inputs(service)) {
            if (newest(walk(input)).compareTo(built) > 0) {
                return Optional.of("sources newer than its jar");
            }
        }
        return Optional.empty();
    }

    /** A service module's runnable jar. */
    public static Path jar(Path moduleDir) {
        return moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static FileTime newest(Stream<Path> files) {
        try (files) {
            return files.map(Staleness::modified).max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static Stream<Path> walk(Path input) {
        try {
            return Files.walk(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try {
            return Files.list(dir).filter(p -> p.toString().endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
