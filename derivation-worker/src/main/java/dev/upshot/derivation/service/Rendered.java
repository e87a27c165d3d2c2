package dev.upshot.derivation.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An encoded derivative, ready to store: an image in memory ({@code bytes}), or a transcode in a temporary file
 * ({@code file}), which may be far larger than the heap should hold. Closing it deletes the file.
 *
 * @param size the encoded length in bytes
 */
public record Rendered(byte[] bytes, Path file, long size, String format, int width, int height)
        implements AutoCloseable {

    /** An image encoded in memory. */
    public Rendered(byte[] bytes, String format, int width, int height) {
        this(bytes, null, bytes.length, format, width, height);
    }

    /** A result ffmpeg wrote to {@code file}; the derivative owns the file from now on. */
    public static Rendered inFile(Path file, String format, int width, int height) throws IOException {
        return new Rendered(null, file, Files.size(file), format, width, height);
    }

    public String contentType() {
        return switch (format) {
            case "jpg" -> "image/jpeg";
            case "mp4" -> "video/mp4";
            default -> "image/" + format;
        };
    }

    @Override
    public void close() {
        if (file != null) {
            VideoRenderer.deleteQuietly(file);
        }
    }
}
