package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.imaging.ImageException;
import dev.upshot.imaging.Images;
import dev.upshot.video.VideoException;
import dev.upshot.video.VideoProbe;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Tells what a file is from its bytes, never from its name: format, resource type, media type and, for images,
 * dimensions read from the header by the workers' decoder (pixels are never decoded here), so an image accepted here
 * is one they read. Structural checks reject truncated files. Video and audio are read by ffprobe (a child process
 * under a time limit): a file it cannot read is refused.
 */
public final class MediaProbe {
    /** Refused above this many pixels: decoding such a file later would exhaust memory. */
    public static final long MAX_PIXELS = 100_000_000L;

    private MediaProbe() {
    }

    /**
     * @param width  for images, of the upright picture (EXIF orientation applied), as Cloudinary reports it
     * @param pages  frames of an animated GIF/WebP or pages of a TIFF; 1 otherwise
     * @param video  for video and audio, Cloudinary's fields ({@code duration, bit_rate, is_audio, video, audio…});
     *               null for images and raw files
     */
    public record Media(String resourceType, String format, String contentType, int width, int height, int pages,
                        ObjectNode video) {
    }

    /**
     * @param requestedType image, video, raw or auto
     * @param filename      original filename, only used for the format of raw files
     * @param probeTimeout  how long ffprobe may read a video or audio file
     */
    public static Media probe(Path file, String requestedType, String filename, Duration probeTimeout)
            throws IOException {
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
                // an image, even an animated GIF, stays an image; any other container ffprobe reads is accepted
                if ("image".equals(kind)) {
                    throw ApiException.badRequest("Invalid video file: this is an image (resource_type image)");
                }
                yield video(file, format, probeTimeout);
            }
            default -> {
                String ext = extension(filename);
                yield new Media("raw", ext, ext.isEmpty() ? "application/octet-stream" : contentType(ext), 0, 0, 1,
                        null);
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
                header.pages(), null);
    }

    /** Video or audio as ffprobe reads it; the format is the sniffed container, else ffprobe's first name for it. */
    private static Media video(Path file, String sniffed, Duration timeout) {
        VideoProbe.Info info;
        try {
            info = VideoProbe.probe(file, timeout);
        } catch (VideoException e) {
            throw ApiException.badRequest("Invalid video file: " + e.getMessage().replace(file.toString(), "file"));
        }
        String format = sniffed.isEmpty() ? info.format().split(",")[0] : sniffed;
        if (format.equals("mp4") && info.isAudio()) {
            format = "m4a";
        }
        return new Media("video", format, contentType(format), info.width(), info.height(), 1,
                info.describe(EventCodec.mapper().createObjectNode()));
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
        if (startsWith(h, 0, 'R', 'I', 'F', 'F') && startsWith(h, 8, 'A', 'V', 'I', ' ')) return "avi";
        // Matroska and WebM share the EBML header; its DocType tells them apart
        if (startsWith(h, 0, 0x1A, 0x45, 0xDF, 0xA3)) return contains(h, "webm") ? "webm" : "mkv";
        if (startsWith(h, 0, 'O', 'g', 'g', 'S')) return "ogg";
        if (startsWith(h, 0, 'f', 'L', 'a', 'C')) return "flac";
        if (startsWith(h, 4, 'f', 't', 'y', 'p')) {
            String brand = new String(h, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            return switch (brand) {
                case "qt  " -> "mov";
                case "M4A ", "M4B " -> "m4a";
                case "M4V ", "M4VH", "M4VP" -> "m4v";
                case "avif", "avis" -> "avif";
                case "heic", "heix", "heim", "heis", "hevc", "mif1", "msf1" -> "heic";
                default -> "mp4";
            };
        }
        if (startsWith(h, 0, 'I', 'D', '3') || h.length > 1 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xE6) == 0xE2) {
            return "mp3"; // an ID3 tag, or an MPEG audio layer III frame sync
        }
        if (h.length > 1 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xF6) == 0xF0) return "aac"; // ADTS
        return "";
    }

    private static String kindOf(String format) {
        return switch (format) {
            case "jpg", "png", "gif", "webp", "bmp", "tiff", "heic", "avif", "ico", "svg" -> "image";
            default -> VideoProbe.FORMATS.contains(format) ? "video" : "raw";
        };
    }

    private static boolean contains(byte[] h, String ascii) {
        return indexOf(h, ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) >= 0;
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
            case "mp4", "m4v" -> "video/mp4";
            case "mov" -> "video/quicktime";
            case "webm" -> "video/webm";
            case "mkv" -> "video/x-matroska";
            case "avi" -> "video/x-msvideo";
            case "mp3" -> "audio/mpeg";
            case "m4a" -> "audio/mp4";
            case "aac" -> "audio/aac";
            case "wav" -> "audio/wav";
            case "ogg" -> "audio/ogg";
            case "flac" -> "audio/flac";
            case "txt" -> "text/plain";
            case "json" -> "application/json";
            case "csv" -> "text/csv";
            default -> "application/octet-stream";
        };
    }

}
