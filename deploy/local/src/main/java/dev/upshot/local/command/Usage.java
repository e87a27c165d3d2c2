package dev.upshot.local.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code help}: the commands and settings (usage.txt beside this class). */
final class Usage {
    private Usage() {
    }

    static String text() {
        try (InputStream in = Usage.class.getResourceAsStream("/dev/upshot/local/usage.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
