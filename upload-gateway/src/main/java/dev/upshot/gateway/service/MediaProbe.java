package dev.upshot.gateway.service;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * Tells what a file is from its bytes, never from its name: format, resource type, media type and, for images,
 * dimensions read from the header (pixels are never decoded here). Structural checks reject truncated files.
 */
public final class MediaProbe {
    /** Refused above this many pixels: decoding such a file later would exhaust memory. */
    public static final long MAX_PIXELS = 100_000_000L;

    private MediaProbe() {
    }

    public record Media(String resourceType, String format, String contentType, int width, int height) {
    }

    /**
     * @param requestedType image, video, raw or auto
     * @param filename      original filename, only used for the format of raw files
     */
    public static Media probe(Path file, String requestedType, String filename) throws IOException {
        byte[] head = head(file, 64);
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
                yield image(file, format);
            }
            case "video" -> {
                if (!"video".equals(kind)) {
                    throw ApiException.badRequest("Invalid video file");
                }
                yield new Media("video", format, contentType(format), 0, 0);
            }
            default -> {
                String ext = extension(filename);
                yield new Media("raw", ext, ext.isEmpty() ? "application/octet-stream" : contentType(ext), 0, 0);
            }
        };
    }

    private static Media image(Path file, String format) throws IOException {
        int[] size = "webp".equals(format) ? webpSize(file) : headerSize(file);
        long pixels = (long) size[0] * size[1];
        if (size[0] <= 0 || size[1] <= 0) {
            throw ApiException.badRequest("Invalid image file");
        }
        if (pixels > MAX_PIXELS) {
            throw ApiException.badRequest("Image is too large: " + size[0] + "x" + size[1] + " is more than "
                    + MAX_PIXELS + " pixels");
        }
        if (!endsWell(file, format)) {
            throw ApiException.badRequest("Invalid image file: the " + format + " data is truncated");
        }
        return new Media("image", format, contentType(format), size[0], size[1]);
    }

    static String sniff(byte[] h) {
        if (startsWith(h, 0, 0xFF, 0xD8, 0xFF)) return "jpg";
        if (startsWith(h, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "png";
        if (startsWith(h, 0, 'G', 'I', 'F', '8')) return "gif";
        if (startsWith(h, 0, 'R', 'I', 'F', 'F') && startsWith(h, 8, 'W', 'E', 'B', 'P')) return "webp";
        if (startsWith(h, 0, 'R', 'I', 'F', 'F') && startsWith(h, 8, 'W', 'A', 'V', 'E')) return "wav";
        if (startsWith(h, 0, 'B', 'M')) return "bmp";
        if (startsWith(h, 0, 'I', 'I', 42, 0) || startsWith(h, 0, 'M', 'M', 0, 42)) return "tiff";
        if (startsWith(h, 0, '%', 'P', 'D', 'F')) return "pdf";
        if (startsWith(h, 0, 0x1A, 0x45, 0xDF, 0xA3)) return "webm";
        if (startsWith(h, 4, 'f', 't', 'y', 'p')) {
            String brand = new String(h, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            return switch (brand) {
                case "qt  " -> "mov";
                case "avif", "avis" -> "avif";
                case "heic", "heix", "mif1" -> "heic";
                default -> "mp4";
            };
        }
        if (startsWith(h, 0, 'I', 'D', '3') || startsWith(h, 0, 0xFF, 0xFB)) return "mp3";
        return "";
    }

    private static String kindOf(String format) {
        return switch (format) {
            case "jpg", "png", "gif", "webp", "bmp", "tiff" -> "image";
            case "mp4", "mov", "webm", "mp3", "wav" -> "video";
            default -> "raw";
        };
    }

    private static int[] headerSize(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw ApiException.badRequest("Invalid image file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[]{reader.getWidth(0), reader.getHeight(0)};
            } catch (IOException | RuntimeException e) {
                throw ApiException.badRequest("Invalid image file: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }

    /** VP8 (lossy), VP8L (lossless) and VP8X (extended) headers. */
    private static int[] webpSize(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(head(file, 30)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 30) {
            throw ApiException.badRequest("Invalid image file");
        }
        String chunk = new String(b.array(), 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> new int[]{b.getShort(26) & 0x3FFF, b.getShort(28) & 0x3FFF};
            case "VP8L" -> {
                int bits = b.getInt(21);
                yield new int[]{(bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1};
            }
            case "VP8X" -> new int[]{u24(b, 24) + 1, u24(b, 27) + 1};
            default -> throw ApiException.badRequest("Invalid image file");
        };
    }

    private static int u24(ByteBuffer b, int at) {
        return (b.get(at) & 0xFF) | (b.get(at + 1) & 0xFF) << 8 | (b.get(at + 2) & 0xFF) << 16;
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
