package dev.upshot.local.process;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A part's command as the supervisor runs it, handed over in run/PART.launch: the whole environment is written (the
 * supervisor may have been started by another command with another environment), so the file is private to the
 * user (it holds the account's secrets, as the process environment does).
 */
public record LaunchFile(Path directory, String liveness, Map<String, String> environment, List<String> command) {

    /** Written to a temporary name and moved, so that the supervisor never reads half a file. */
    public void write(Path file) {
        Properties p = new Properties();
        p.setProperty("directory", directory.toString());
        p.setProperty("liveness", liveness == null ? "" : liveness);
        for (int i = 0; i < command.size(); i++) {
            p.setProperty("command." + i, command.get(i));
        }
        environment.forEach((k, v) -> p.setProperty("env." + k, v));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(tmp)) {
                p.store(out, null);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LaunchFile read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; p.containsKey("command." + i); i++) {
            command.add(p.getProperty("command." + i));
        }
        Map<String, String> environment = new TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("env."))
                .forEach(k -> environment.put(k.substring(4), p.getProperty(k)));
        String liveness = p.getProperty("liveness", "");
        return new LaunchFile(Path.of(p.getProperty("directory")), liveness.isEmpty() ? null : liveness,
                environment, command);
    }
}
