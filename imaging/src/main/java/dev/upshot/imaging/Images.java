package dev.upshot.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The one decoder (and encoder) of every service: libvips reads JPEG (CMYK, progressive, arithmetic), PNG (8/16-bit,
 * palette, alpha), GIF and WebP (first frame; {@code pages} counted), TIFF, HEIC/HEIF, AVIF and SVG (librsvg), and
 * BMP and ICO through its ImageMagick loader, which is used for those two formats only. Every decode first reads
 * the header and refuses an image above the caller's pixel limit before any pixel buffer exists; pixels come back
 * upright (EXIF orientation applied), in sRGB, 8 bits per channel, shrunk on load where the format allows.
 */
public final class Images {
    /** Read at most this much of an SVG to look for references outside the file. */
    private static final int SVG_SCAN_BYTES = 8 << 20;
    /**
     * External entities, XInclude, stylesheets and any link that is neither a fragment nor a data URI: librsvg
     * would resolve those against the file's directory, so such an SVG is refused rather than rendered.
     */
    private static final Pattern SVG_EXTERNAL = Pattern.compile("(?is)<!ENTITY|<!DOCTYPE[^>]*\\[|xi:include"
            + "|@import|<\\?xml-stylesheet|(?:href|src)\\s*=\\s*[\"']\\s*(?!#|data:)[^\"'\\s]"
            + "|url\\(\\s*[\"']?\\s*(?!#|data:)[^)\"'\\s]");

    private Images() {
    }

    /**
     * What the header says, as shown: {@code width} and {@code height} are those of the upright image (swapped for
     * EXIF orientations 5–8), as Cloudinary reports them for rotated photos.
     *
     * @param format      Cloudinary's name: jpg, png, gif, webp, tiff, heic, avif, svg, bmp, ico
     * @param pages       frames of an animation or pages of a TIFF, 1 for a still image
     * @param orientation EXIF orientation 1–8, 1 when absent
     */
    public record Header(String format, int width, int height, int pages, int orientation) {
        /** Orientations 5–8 store the image turned a quarter. */
        public boolean turned() {
            return orientation >= 5 && orientation <= 8;
        }

        public long pixels() {
            return (long) width * height;
        }
    }

    /** The header only: no pixel is decoded. */
    public static Header header(Path file) throws ImageException {
        Vips.require();
        String format = format(file);
        MemorySegment image = Vips.open(file.toString(), false);
        try {
            return header(format, image);
        } finally {
            Vips.unref(image);
        }
    }

    /** @see #header(Path) */
    public static Header header(byte[] data) throws ImageException {
        Vips.require();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocateFrom(JAVA_BYTE, data);
            String format = format(head(data), Vips.loaderOf(bytes), () -> new String(data, 0,
                    Math.min(data.length, SVG_SCAN_BYTES), StandardCharsets.UTF_8));
            MemorySegment image = Vips.open(bytes);
            try {
                return header(format, image);
            } finally {
                Vips.unref(image);
            }
        }
    }

    /**
     * The upright image shrunk to fit inside {@code maxSide} × {@code maxSide} (never enlarged), decoded at reduced
     * size where the format allows (JPEG DCT scaling, HEIF thumbnails, SVG rendered small).
     *
     * @throws ImageException when unreadable, of a refused format, or above {@code maxPixels}
     */
    public static BufferedImage fit(Path file, int maxSide, long maxPixels) throws ImageException {
        checked(header(file), maxPixels);
        return toBufferedImage(Vips.thumbnail(file.toString(), maxSide, maxSide, Vips.SIZE_DOWN));
    }

    /**
     * As {@link #fit(Path, int, long)}, for measuring rather than showing: a JPEG is shrunk on load (DCT scaling) as
     * far as keeps its longer side at least {@code maxSide}, where libvips' thumbnail stops at twice the size asked
     * to sharpen its final resize. A 12 MP photo asked at 1000 px is decoded at a quarter of its size, about three
     * times cheaper. Always TYPE_INT_ARGB (alpha 255 where the image has none), the layout measurements read.
     */
    public static BufferedImage sample(Path file, int maxSide, long maxPixels) throws ImageException {
        Header header = checked(header(file), maxPixels);
        int shrink = 8;
        while (shrink > 1 && Math.max(header.width(), header.height()) / shrink < maxSide) {
            shrink /= 2;
        }
        if (!header.format().equals("jpg") || shrink == 1) {
            return toBufferedImage(Vips.thumbnail(file.toString(), maxSide, maxSide, Vips.SIZE_DOWN), true);
        }
        MemorySegment shrunk = Vips.openJpegShrunk(file.toString(), shrink);
        try {
            return toBufferedImage(Vips.thumbnailImage(shrunk, maxSide, maxSide, Vips.SIZE_DOWN), true);
        } finally {
            Vips.unref(shrunk);
        }
    }

    /** @see #fit(Path, int, long) */
    public static BufferedImage fit(byte[] data, int maxSide, long maxPixels) throws ImageException {
        checked(header(data), maxPixels);
        try (Arena arena = Arena.ofConfined()) {
            return toBufferedImage(Vips.thumbnail(arena.allocateFrom(JAVA_BYTE, data), maxSide, maxSide,
                    Vips.SIZE_DOWN));
        }
    }

    /** The upright image resized to exactly {@code width} × {@code height}, shrunk on load where it can be. */
    public static BufferedImage resize(Path file, int width, int height, long maxPixels) throws ImageException {
        checked(header(file), maxPixels);
        return toBufferedImage(Vips.thumbnail(file.toString(), width, height, Vips.SIZE_FORCE));
    }

    /**
     * A window of the full-resolution image.
     *
     * @param upright whether the window is in the upright image's coordinates, or in the stored pixel grid (for
     *                metrics tied to the encoder's blocks)
     */
    public static BufferedImage region(Path file, int x, int y, int width, int height, boolean upright,
                                       long maxPixels) throws ImageException {
        checked(header(file), maxPixels);
        // random access: a quarter turn reads the stored image column by column
        MemorySegment image = Vips.open(file.toString(), !upright);
        MemorySegment turned = null;
        try {
            turned = upright ? Vips.autorot(image) : image;
            return toBufferedImage(Vips.extractArea(turned, x, y, width, height));
        } finally {
            if (turned != image) {
                Vips.unref(turned);
            }
            Vips.unref(image);
        }
    }

    /** Whether {@link #encode} writes this format. */
    public static boolean canEncode(String format) {
        return suffix(format, 80) != null;
    }

    /**
     * @param format  jpg, png, webp, avif, heic, gif or tiff
     * @param quality 1–100 for the lossy formats
     */
    public static byte[] encode(BufferedImage image, String format, int quality) throws ImageException {
        Vips.require();
        String suffix = suffix(format, quality);
        if (suffix == null) {
            throw new ImageException("no encoder for " + format);
        }
        int w = image.getWidth(), h = image.getHeight();
        boolean jpeg = suffix.startsWith(".jpg");
        boolean alpha = image.getColorModel().hasAlpha() && !jpeg;
        int bands = alpha ? 4 : 3;
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] pixels = new byte[w * h * bands];
        for (int i = 0, o = 0; i < argb.length; i++) {
            int p = argb[i];
            // JPEG has no alpha: transparent pixels become white, as Cloudinary's do
            int a = jpeg ? p >>> 24 : 255;
            pixels[o++] = (byte) onWhite(p >> 16 & 0xFF, a);
            pixels[o++] = (byte) onWhite(p >> 8 & 0xFF, a);
            pixels[o++] = (byte) onWhite(p & 0xFF, a);
            if (alpha) {
                pixels[o++] = (byte) (p >>> 24);
            }
        }
        MemorySegment vips = Vips.fromPixels(pixels, w, h, bands);
        try {
            return Vips.save(vips, suffix);
        } finally {
            Vips.unref(vips);
        }
    }

    private static int onWhite(int channel, int alpha) {
        return (channel * alpha + 255 * (255 - alpha) + 127) / 255;
    }

    private static String suffix(String format, int quality) {
        int q = Math.clamp(quality, 1, 100);
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "jpg", "jpeg" -> ".jpg[Q=" + q + ",strip]";
            case "png" -> ".png[strip]";
            case "webp" -> ".webp[Q=" + q + ",strip]";
            // AV1 in a HEIF container; effort 2 of 9 keeps a thumbnail's encode in tens of milliseconds
            case "avif" -> ".avif[Q=" + q + ",compression=av1,effort=2,strip]";
            case "heic" -> ".heic[Q=" + q + ",compression=hevc,strip]";
            case "gif" -> ".gif";
            case "tiff", "tif" -> ".tif[strip]";
            default -> null;
        };
    }

    private static Header header(String format, MemorySegment image) throws ImageException {
        int w = Vips.width(image), h = Vips.height(image);
        int orientation = Vips.intField(image, "orientation", 1);
        if (orientation < 1 || orientation > 8) {
            orientation = 1;
        }
        int pages = Math.max(1, Vips.intField(image, "n-pages", 1));
        boolean turned = orientation >= 5;
        return new Header(format, turned ? h : w, turned ? w : h, pages, orientation);
    }

    private static Header checked(Header header, long maxPixels) throws ImageException {
        if (header.width() <= 0 || header.height() <= 0) {
            throw new ImageException("image has no pixels");
        }
        if (header.pixels() > maxPixels) {
            throw new ImageException(String.format(Locale.ROOT, "image is %d x %d (%.1f MP), above the %.1f MP limit",
                    header.width(), header.height(), header.pixels() / 1e6, maxPixels / 1e6));
        }
        return header;
    }

    private static String format(Path file) throws ImageException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        } catch (IOException e) {
            throw new ImageException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        return format(head, Vips.loaderOf(file.toString()), () -> {
            try (InputStream in = Files.newInputStream(file)) {
                return new String(in.readNBytes(SVG_SCAN_BYTES), StandardCharsets.UTF_8);
            }
        });
    }

    private interface Text {
        String read() throws IOException;
    }

    private static byte[] head(byte[] data) {
        return java.util.Arrays.copyOf(data, Math.min(16, data.length));
    }

    /** The format libvips's chosen loader reads; any other loader (PDF, FITS, slides, …) is refused. */
    private static String format(byte[] head, String loader, Text svg) throws ImageException {
        String name = loader.replace("VipsForeignLoad", "");
        if (name.startsWith("Jpeg")) return "jpg";
        if (name.startsWith("Png")) return "png";
        if (name.startsWith("Nsgif") || name.startsWith("Gif")) return "gif";
        if (name.startsWith("Webp")) return "webp";
        if (name.startsWith("Tiff")) return "tiff";
        if (name.startsWith("Heif")) {
            String brand = head.length >= 12 ? new String(head, 8, 4, StandardCharsets.US_ASCII) : "";
            return brand.startsWith("avi") ? "avif" : "heic";
        }
        if (name.startsWith("Svg")) {
            try {
                if (SVG_EXTERNAL.matcher(svg.read()).find()) {
                    throw new ImageException("SVG refers to content outside the file (external entity, link or "
                            + "stylesheet); only self-contained SVGs are accepted");
                }
            } catch (IOException e) {
                throw new ImageException("cannot read the SVG: " + e.getMessage(), e);
            }
            return "svg";
        }
        if (name.startsWith("Magick")) {
            if (head.length >= 2 && head[0] == 'B' && head[1] == 'M') return "bmp";
            if (head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 1 && head[3] == 0) return "ico";
        }
        throw new ImageException(loader.isEmpty() ? "not an image file"
                : "unsupported image format (" + name.replaceAll("(File|Buffer|Source)$", "") + ")");
    }

    /** sRGB, 8 bits; unref's {@code image}. Alpha is kept when there is one. */
    private static BufferedImage toBufferedImage(MemorySegment image) throws ImageException {
        return toBufferedImage(image, false);
    }

    /**
     * @param argb TYPE_INT_ARGB even without alpha (opaque pixels), for callers that read packed ARGB and would
     *             otherwise copy a TYPE_INT_RGB buffer to add it
     */
    private static BufferedImage toBufferedImage(MemorySegment image, boolean argb) throws ImageException {
        MemorySegment srgb = null, bytes = null;
        try {
            srgb = Vips.colourspace(image, Vips.INTERPRETATION_SRGB);
            bytes = Vips.cast(srgb, Vips.FORMAT_UCHAR);
            int w = Vips.width(bytes), h = Vips.height(bytes), bands = Vips.bands(bytes);
            byte[] pixels = Vips.pixels(bytes);
            boolean alpha = bands == 2 || bands >= 4;
            BufferedImage out = new BufferedImage(w, h,
                    alpha || argb ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            int[] packed = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
            if (bands == 3) {
                // the common case, without the per-pixel band tests of the general loop
                for (int i = 0, p = 0; i < packed.length; i++, p += 3) {
                    packed[i] = 0xFF000000 | (pixels[p] & 0xFF) << 16 | (pixels[p + 1] & 0xFF) << 8
                            | pixels[p + 2] & 0xFF;
                }
                return out;
            }
            for (int i = 0, p = 0; i < packed.length; i++, p += bands) {
                int r = pixels[p] & 0xFF;
                int g = bands >= 3 ? pixels[p + 1] & 0xFF : r;
                int b = bands >= 3 ? pixels[p + 2] & 0xFF : r;
                int a = !alpha ? 0xFF : pixels[p + (bands == 2 ? 1 : 3)] & 0xFF;
                packed[i] = a << 24 | r << 16 | g << 8 | b;
            }
            return out;
        } finally {
            Vips.unref(bytes);
            Vips.unref(srgb);
            Vips.unref(image);
        }
    }
}
