package dev.upshot.imaging;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The handful of libvips (8.14 and later, Debian's {@code libvips42}) calls Upshot needs, bound with the FFM API.
 * Varargs calls are bound once per argument list, always ending with the NULL libvips expects. Every returned
 * {@code VipsImage*} is released with {@link #unref}; errors come back as {@link ImageException} carrying libvips's
 * own message.
 */
final class Vips {
    static final int SIZE_DOWN = 2;
    static final int SIZE_FORCE = 3;
    static final int FAIL_ON_TRUNCATED = 1;
    static final int INTERPRETATION_SRGB = 22;
    static final int FORMAT_UCHAR = 0;
    static final int ACCESS_RANDOM = 0;
    static final int ACCESS_SEQUENTIAL = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB;
    private static final Throwable UNAVAILABLE;

    static {
        SymbolLookup lib = null;
        Throwable failure = null;
        try {
            lib = SymbolLookup.libraryLookup("libvips.so.42", Arena.global());
        } catch (Throwable e) {
            failure = e;
        }
        LIB = lib;
        UNAVAILABLE = failure;
    }

    private static final MethodHandle INIT = fn("vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle CACHE_SET_MAX = fn("vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT));
    private static final MethodHandle ERROR_BUFFER = fn("vips_error_buffer", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle ERROR_CLEAR = fn("vips_error_clear", FunctionDescriptor.ofVoid());
    private static final MethodHandle UNREF = fn("g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle G_FREE = fn("g_free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle FIND_LOAD = fn("vips_foreign_find_load", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle FIND_LOAD_BUFFER = fn("vips_foreign_find_load_buffer",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
    /** (filename, "access", mode, NULL). */
    private static final MethodHandle NEW_FROM_FILE = fn("vips_image_new_from_file",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 1);
    /** (filename, "access", sequential, "shrink", factor, NULL): a JPEG's DCT scaling. */
    private static final MethodHandle NEW_FROM_FILE_SHRUNK = fn("vips_image_new_from_file",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 1);
    /** (buf, len, option string, NULL). */
    private static final MethodHandle NEW_FROM_BUFFER = fn("vips_image_new_from_buffer",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS), 3);
    private static final MethodHandle WIDTH = fn("vips_image_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle HEIGHT = fn("vips_image_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BANDS = fn("vips_image_get_bands", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GET_TYPEOF = fn("vips_image_get_typeof",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
    private static final MethodHandle GET_INT = fn("vips_image_get_int",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    /** (in, out, width, "height", h, "size", s, "fail_on", f, NULL). */
    private static final MethodHandle THUMBNAIL = fn("vips_thumbnail", FunctionDescriptor.of(JAVA_INT, ADDRESS,
            ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
    private static final MethodHandle THUMBNAIL_BUFFER = fn("vips_thumbnail_buffer", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 4);
    private static final MethodHandle THUMBNAIL_IMAGE = fn("vips_thumbnail_image", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
    private static final MethodHandle AUTOROT = fn("vips_autorot",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
    private static final MethodHandle COLOURSPACE = fn("vips_colourspace",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 3);
    private static final MethodHandle CAST = fn("vips_cast",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 3);
    private static final MethodHandle EXTRACT_AREA = fn("vips_extract_area", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), 6);
    private static final MethodHandle WRITE_TO_MEMORY = fn("vips_image_write_to_memory",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle NEW_FROM_MEMORY_COPY = fn("vips_image_new_from_memory_copy",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /** (in, suffix, &buf, &len, NULL). */
    private static final MethodHandle WRITE_TO_BUFFER = fn("vips_image_write_to_buffer",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS), 4);

    static {
        if (UNAVAILABLE == null) {
            try (Arena arena = Arena.ofConfined()) {
                if ((int) INIT.invokeExact(arena.allocateFrom("upshot")) != 0) {
                    throw new ExceptionInInitializerError("vips_init failed");
                }
                // originals are temporary files: an operation cache would only keep them open
                CACHE_SET_MAX.invokeExact(0);
            } catch (Throwable e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private Vips() {
    }

    private static MethodHandle fn(String name, FunctionDescriptor descriptor, int firstVariadic) {
        if (LIB == null) {
            return null;
        }
        return LINKER.downcallHandle(LIB.findOrThrow(name), descriptor,
                Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        return LIB == null ? null : LINKER.downcallHandle(LIB.findOrThrow(name), descriptor);
    }

    /** @throws ImageException when libvips could not be loaded (the package is missing) */
    static void require() throws ImageException {
        if (UNAVAILABLE != null) {
            throw new ImageException("libvips is not installed (Debian package libvips42): " + UNAVAILABLE.getMessage());
        }
    }

    /** libvips's loader class for the file, e.g. {@code VipsForeignLoadJpegFile}; empty when none reads it. */
    static String loaderOf(String path) throws ImageException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = (MemorySegment) FIND_LOAD.invokeExact(arena.allocateFrom(path));
            clearErrors();
            return name.equals(MemorySegment.NULL) ? "" : name.reinterpret(256).getString(0);
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    static String loaderOf(MemorySegment data) throws ImageException {
        try {
            MemorySegment name = (MemorySegment) FIND_LOAD_BUFFER.invokeExact(data, data.byteSize());
            clearErrors();
            return name.equals(MemorySegment.NULL) ? "" : name.reinterpret(256).getString(0);
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    /**
     * The image with its header read; pixels are decoded only when an operation needs them.
     *
     * @param sequential top to bottom only (no whole-image buffer), enough unless the image is turned
     */
    static MemorySegment open(String path, boolean sequential) throws ImageException {
        try (Arena arena = Arena.ofConfined()) {
            return checked((MemorySegment) NEW_FROM_FILE.invokeExact(arena.allocateFrom(path),
                    arena.allocateFrom("access"), sequential ? ACCESS_SEQUENTIAL : ACCESS_RANDOM,
                    MemorySegment.NULL));
        } catch (ImageException e) {
            throw e;
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    /** A JPEG read top to bottom, shrunk by {@code shrink} (2, 4 or 8) as its DCT is decoded. */
    static MemorySegment openJpegShrunk(String path, int shrink) throws ImageException {
        try (Arena arena = Arena.ofConfined()) {
            return checked((MemorySegment) NEW_FROM_FILE_SHRUNK.invokeExact(arena.allocateFrom(path),
                    arena.allocateFrom("access"), ACCESS_SEQUENTIAL, arena.allocateFrom("shrink"), shrink,
                    MemorySegment.NULL));
        } catch (ImageException e) {
            throw e;
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    /** @param data must stay alive while the image is used */
    static MemorySegment open(MemorySegment data) throws ImageException {
        try (Arena arena = Arena.ofConfined()) {
            return checked((MemorySegment) NEW_FROM_BUFFER.invokeExact(data, data.byteSize(),
                    arena.allocateFrom("access=sequential"), MemorySegment.NULL));
        } catch (ImageException e) {
            throw e;
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    static int width(MemorySegment image) throws ImageException {
        return intOf(WIDTH, image);
    }

    static int height(MemorySegment image) throws ImageException {
        return intOf(HEIGHT, image);
    }

    static int bands(MemorySegment image) throws ImageException {
        return intOf(BANDS, image);
    }

    /** An integer header field such as {@code orientation}, or {@code absent} when the image has none. */
    static int intField(MemorySegment image, String field, int absent) throws ImageException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(field);
            if ((long) GET_TYPEOF.invokeExact(image, name) == 0) {
                return absent;
            }
            MemorySegment out = arena.allocate(JAVA_INT);
            if ((int) GET_INT.invokeExact(image, name, out) != 0) {
                clearErrors();
                return absent;
            }
            return out.get(JAVA_INT, 0);
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    /** One call that writes a new image to its {@code VipsImage **out} and returns libvips's status. */
    private interface ImageCall {
        int invoke(Arena arena, MemorySegment out) throws Throwable;
    }

    private static MemorySegment image(ImageCall call) throws ImageException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            if (call.invoke(arena, out) != 0) {
                throw error();
            }
            return out.get(ADDRESS, 0);
        } catch (ImageException e) {
            throw e;
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    /**
     * Loads and shrinks in one go, letting the loader shrink on load (JPEG DCT scaling, WebP/HEIF/SVG at reduced
     * size), turns the image upright from its EXIF orientation and into sRGB.
     *
     * @param size {@link #SIZE_DOWN} to fit inside width × height, {@link #SIZE_FORCE} for exactly that size
     */
    static MemorySegment thumbnail(String path, int width, int height, int size) throws ImageException {
        return image((arena, out) -> (int) THUMBNAIL.invokeExact(arena.allocateFrom(path), out, width,
                arena.allocateFrom("height"), height, arena.allocateFrom("size"), size,
                arena.allocateFrom("fail_on"), FAIL_ON_TRUNCATED, MemorySegment.NULL));
    }

    static MemorySegment thumbnail(MemorySegment data, int width, int height, int size) throws ImageException {
        return image((arena, out) -> (int) THUMBNAIL_BUFFER.invokeExact(data, data.byteSize(), out, width,
                arena.allocateFrom("height"), height, arena.allocateFrom("size"), size,
                arena.allocateFrom("fail_on"), FAIL_ON_TRUNCATED, MemorySegment.NULL));
    }

    /** {@link #thumbnail} of an image already open (so without shrink-on-load), upright and in sRGB. */
    static MemorySegment thumbnailImage(MemorySegment in, int width, int height, int size) throws ImageException {
        return image((arena, out) -> (int) THUMBNAIL_IMAGE.invokeExact(in, out, width,
                arena.allocateFrom("height"), height, arena.allocateFrom("size"), size, MemorySegment.NULL));
    }

    static MemorySegment autorot(MemorySegment in) throws ImageException {
        return image((arena, out) -> (int) AUTOROT.invokeExact(in, out, MemorySegment.NULL));
    }

    static MemorySegment colourspace(MemorySegment in, int interpretation) throws ImageException {
        return image((arena, out) -> (int) COLOURSPACE.invokeExact(in, out, interpretation, MemorySegment.NULL));
    }

    static MemorySegment cast(MemorySegment in, int format) throws ImageException {
        return image((arena, out) -> (int) CAST.invokeExact(in, out, format, MemorySegment.NULL));
    }

    static MemorySegment extractArea(MemorySegment in, int left, int top, int width, int height)
            throws ImageException {
        return image((arena, out) -> (int) EXTRACT_AREA.invokeExact(in, out, left, top, width, height,
                MemorySegment.NULL));
    }

    /** Runs the pipeline ending in {@code image} and copies its pixels (band-interleaved) to the Java heap. */
    static byte[] pixels(MemorySegment image) throws ImageException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            MemorySegment data = (MemorySegment) WRITE_TO_MEMORY.invokeExact(image, size);
            if (data.equals(MemorySegment.NULL)) {
                throw error();
            }
            return take(data, size.get(JAVA_LONG, 0));
        } catch (ImageException e) {
            throw e;
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    /** An 8-bit image over a copy of band-interleaved pixels. */
    static MemorySegment fromPixels(byte[] pixels, int width, int height, int bands) throws ImageException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocateFrom(JAVA_BYTE, pixels);
            return checked((MemorySegment) NEW_FROM_MEMORY_COPY.invokeExact(copy, (long) pixels.length, width, height,
                    bands, FORMAT_UCHAR));
        } catch (ImageException e) {
            throw e;
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    /** @param suffix a saver and its options, e.g. {@code .webp[Q=80]} */
    static byte[] save(MemorySegment image, String suffix) throws ImageException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(ADDRESS);
            MemorySegment size = arena.allocate(JAVA_LONG);
            if ((int) WRITE_TO_BUFFER.invokeExact(image, arena.allocateFrom(suffix), buffer, size,
                    MemorySegment.NULL) != 0) {
                throw error();
            }
            return take(buffer.get(ADDRESS, 0), size.get(JAVA_LONG, 0));
        } catch (ImageException e) {
            throw e;
        } catch (Throwable e) {
            throw wrap(e);
        }
    }

    /** Copies a buffer libvips allocated to the heap and frees it. */
    private static byte[] take(MemorySegment data, long size) throws Throwable {
        try {
            return data.reinterpret(size).toArray(JAVA_BYTE);
        } finally {
            G_FREE.invokeExact(data);
        }
    }

    static void unref(MemorySegment image) {
        if (image != null && !image.equals(MemorySegment.NULL)) {
            try {
                UNREF.invokeExact(image);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static int intOf(MethodHandle getter, MemorySegment image) throws ImageException {
        try {
            return (int) getter.invokeExact(image);
        } catch (Throwable e) {
            throw wrap(e);
        }
    }


    private static MemorySegment checked(MemorySegment image) throws ImageException {
        if (image.equals(MemorySegment.NULL)) {
            throw error();
        }
        return image;
    }

    /** libvips's message (its error buffer is per process: the last lines are this call's). */
    private static ImageException error() {
        String message;
        try {
            message = ((MemorySegment) ERROR_BUFFER.invokeExact()).reinterpret(4096).getString(0).strip();
        } catch (Throwable e) {
            message = e.toString();
        }
        clearErrors();
        String joined = String.join("; ", message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        return new ImageException(joined.isEmpty() ? "libvips failed" : joined);
    }

    private static void clearErrors() {
        try {
            ERROR_CLEAR.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static ImageException wrap(Throwable e) {
        return new ImageException("libvips call failed: " + e, e);
    }
}
