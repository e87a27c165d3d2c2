package dev.upshot.local.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code KEY=value} lines, as the runner's account.env, s3.env and run/state.env hold them (last one wins). */
public final class KeyValueFile {
    private KeyValueFile() {
    }

    public static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    public static void write(Path file, Map<String, String> values) {
        write(file, values, false);
    }

    /** Writes the file; {@code secret} makes it readable by its owner only (it holds keys). */
    public static void write(Path file, Map<String, String> values, boolean secret) {
        List<String> lines = values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        try {
            Files.write(file, lines);
            if (secret) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
