package dev.upshot.gateway.service;

import dev.upshot.imaging.ImageException;
import dev.upshot.imaging.Images;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tells what a file is from its bytes, never from its name: format, resource type, media type and, for images,
 * dimensions read from the header by the workers' decoder (pixels are never decoded here), so an image accepted here
 * is one they read. Structural checks reject truncated files.
 */
public final class MediaProbe {
    /** Refused above this many pixels: decoding such a file later would exhaust memory. */
    public static final long MAX_PIXELS = 100_000_000L;

    private MediaProbe() {
    }

    /**
     * @param width  for images, of the upright picture (EXIF orientation applied), as Cloudinary reports it
     * @param pages  frames of an animated GIF/WebP or pages of a TIFF; 1 otherwise
     */
    public record Media(String resourceType, String format, String contentType, int width, int height, int pages) {
    }

    /**
     * @param requestedType image, video, raw or auto
     * @param filename      original filename, only used for the format of raw files
     */
    public static Media probe(Path file, String requestedType, String filename) throws IOException {
        byte[] head = head(file, 1024);
        String format = sniff(head);
        String kind = kindOf(format);
        if ("auto".equals(requestedType)) {
            requestedType = kind;
        }
        return switch (requestedType) {
            case "image" -> {
                if (!"image".equals(kind)) {
                    throw ApiException.badRequest("Invalid image file");
                }
                yield image(file);
            }
            case "video" -> {
                if (!"video".equals(kind)) {
                    throw ApiException.badRequest("Invalid video file");
                }
                yield new Media("video", format, contentType(format), 0, 0, 1);
            }
            default -> {
                String ext = extension(filename);
                yield new Media("raw", ext, ext.isEmpty() ? "application/octet-stream" : contentType(ext), 0, 0, 1);
            }
        };
    }

    /** The header as the workers' decoder (libvips) reads it: what is accepted here, they decode. */
    private static Media image(Path file) throws IOException {
        Images.Header header;
        try {
            header = Images.header(file);
        } catch (ImageException e) {
            throw ApiException.badRequest("Invalid image file: " + e.getMessage());
        }
        if (header.width() <= 0 || header.height() <= 0) {
            throw ApiException.badRequest("Invalid image file");
        }
        if (header.pixels() > MAX_PIXELS) {
            throw ApiException.badRequest("Image is too large: " + header.width() + "x" + header.height()
                    + " is more than " + MAX_PIXELS + " pixels");
        }
        if (!endsWell(file, header.format())) {
            throw ApiException.badRequest("Invalid image file: the " + header.format() + " data is truncated");
        }
        return new Media("image", header.format(), contentType(header.format()), header.width(), header.height(),
                header.pages());
    }

    static String sniff(byte[] h) {
        if (startsWith(h, 0, 0xFF, 0xD8, 0xFF)) return "jpg";
        if (startsWith(h, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "png";
        if (startsWith(h, 0, 'G', 'I', 'F', '8')) return "gif";
        if (startsWith(h, 0, 'R', 'I', 'F', 'F') && startsWith(h, 8, 'W', 'E', 'B', 'P')) return "webp";
        if (startsWith(h, 0, 'R', 'I', 'F', 'F') && startsWith(h, 8, 'W', 'A', 'V', 'E')) return "wav";
        if (startsWith(h, 0, 'B', 'M')) return "bmp";
        if (startsWith(h, 0, 0, 0, 1, 0)) return "ico";
        if (isSvg(h)) return "svg";
        if (startsWith(h, 0, 'I', 'I', 42, 0) || startsWith(h, 0, 'M', 'M', 0, 42)) return "tiff";
        if (startsWith(h, 0, '%', 'P', 'D', 'F')) return "pdf";
        if (startsWith(h, 0, 0x1A, 0x45, 0xDF, 0xA3)) return "webm";
        if (startsWith(h, 4, 'f', 't', 'y', 'p')) {
            String brand = new String(h, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            return switch (brand) {
                case "qt  " -> "mov";
                case "avif", "avis" -> "avif";
                case "heic", "heix", "heim", "heis", "hevc", "mif1", "msf1" -> "heic";
                default -> "mp4";
            };
        }
        if (startsWith(h, 0, 'I', 'D', '3') || startsWith(h, 0, 0xFF, 0xFB)) return "mp3";
        return "";
    }

    private static String kindOf(String format) {
        return switch (format) {
            case "jpg", "png", "gif", "webp", "bmp", "tiff", "heic", "avif", "ico", "svg" -> "image";
            case "mp4", "mov", "webm", "mp3", "wav" -> "video";
            default -> "raw";
        };
    }

    /** An XML declaration, comment or doctype, then an {@code <svg} element, within the head read. */
    private static boolean isSvg(byte[] h) {
        String text = new String(h, java.nio.charset.StandardCharsets.UTF_8).stripLeading();
        return (text.startsWith("<?xml") || text.startsWith("<svg") || text.startsWith("<!--")
                || text.startsWith("<!DOCTYPE svg")) && text.contains("<svg");
    }

    /** JPEG ends with EOI, PNG with IEND, GIF with its trailer; a cut-off upload fails here. */
    private static boolean endsWell(Path file, String format) throws IOException {
        byte[] tail = tail(file, 16);
        return switch (format) {
            case "jpg" -> indexOf(tail, new byte[]{(byte) 0xFF, (byte) 0xD9}) >= 0;
            case "png" -> indexOf(tail, new byte[]{'I', 'E', 'N', 'D'}) >= 0;
            case "gif" -> tail.length > 0 && tail[tail.length - 1] == 0x3B;
            default -> true;
        };
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static byte[] head(Path file, int n) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    private static byte[] tail(Path file, int n) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - n);
            byte[] buf = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(buf);
            return buf;
        }
    }

    private static boolean startsWith(byte[] h, int at, int... expected) {
        if (h.length < at + expected.length) return false;
        for (int i = 0; i < expected.length; i++) {
            if ((h[at + i] & 0xFF) != (expected[i] & 0xFF)) return false;
        }
        return true;
    }

    public static String extension(String filename) {
        if (filename == null) return "";
        int dot = filename.lastIndexOf('.');
        String ext = dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,10}") ? ext : "";
    }

    public static String contentType(String format) {
        return switch (format) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "bmp" -> "image/bmp";
            case "tiff" -> "image/tiff";
            case "avif" -> "image/avif";
            case "heic" -> "image/heic";
            case "ico" -> "image/vnd.microsoft.icon";
            case "svg" -> "image/svg+xml";
            case "pdf" -> "application/pdf";
            case "mp4" -> "video/mp4";
            case "mov" -> "video/quicktime";
            case "webm" -> "video/webm";
            case "mp3" -> "audio/mpeg";
            case "wav" -> "audio/wav";
            case "txt" -> "text/plain";
            case "json" -> "application/json";
            case "csv" -> "text/csv";
            default -> "application/octet-stream";
        };
    }

}
