package dev.upshot.contracts.transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed transformation: a chain of steps applied in order ({@code c_fill,h_100,w_100/q_auto}), optionally ended,
 * in eager form, by a format extension ({@code …/webp}). The gateway validates uploads' {@code eager} and delivery
 * URLs with it and the derivation worker renders from it, so both agree on what is valid and on the canonical text.
 *
 * @param steps     at least one
 * @param extension the trailing format segment of the eager form, or empty
 */
public record Transformation(List<Step> steps, Optional<String> extension) {
    /** Largest width or height in pixels a step may ask for. */
    public static final int MAX_SIDE = 10_000;
    /** Largest fraction ({@code w_2.5} = 250 %) a step may ask for. */
    public static final double MAX_FRACTION = 10;
    public static final int MAX_STEPS = 10;
    /** Image formats a derivative may have (of an image, or a video's frame). */
    public static final Set<String> FORMATS = Set.of("jpg", "png", "webp", "avif", "gif");
    /** Video formats a derivative of a video may have ({@code f_mp4}: H.264 and AAC). */
    public static final Set<String> VIDEO_FORMATS = Set.of("mp4");

    private static final Pattern PIXELS = Pattern.compile("[1-9][0-9]{0,5}");
    private static final Pattern FRACTION = Pattern.compile("(0|[1-9][0-9]?)?\\.[0-9]{1,4}");
    private static final Pattern SECONDS = Pattern.compile("(0|[1-9][0-9]{0,5})(\\.[0-9]{1,3})?");
    /** Every parameter key of Cloudinary's URL syntax: a URL segment made of them is a step, not a folder. */
    private static final Pattern COMPONENT = Pattern.compile("(a|ac|af|ar|b|bo|br|c|co|cs|d|dl|dn|dpr|du|e|eo|f|fl"
            + "|fn|fps|g|h|if|ki|l|o|p|pg|q|r|so|sp|t|u|vc|vs|w|x|y|z)_[^,/]+");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8}");
    private static final Map<String, Integer> COLOURS = Map.of("white", 0xFFFFFFFF, "black", 0xFF000000,
            "red", 0xFFFF0000, "green", 0xFF008000, "blue", 0xFF0000FF, "yellow", 0xFFFFFF00, "gray", 0xFF808080,
            "grey", 0xFF808080, "transparent", 0x00FFFFFF);
    private static final Map<String, Integer> AUTO_QUALITY = Map.of("auto", 80, "auto:good", 80, "auto:best", 90,
            "auto:eco", 70, "auto:low", 60);

    public Transformation {
        steps = List.copyOf(steps);
    }

    /** The eager parameter: transformations separated by {@code |}. */
    public static List<Transformation> parseList(String value) {
        List<Transformation> list = new ArrayList<>();
        for (String item : value.split("\\|", -1)) {
            list.add(parse(item));
        }
        return list;
    }

    /** @throws InvalidTransformationException naming the component that is unknown or malformed */
    public static Transformation parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidTransformationException("Invalid transformation: empty");
        }
        String[] segments = text.strip().split("/", -1);
        Optional<String> extension = Optional.empty();
        int last = segments.length;
        String tail = segments[segments.length - 1];
        if (segments.length > 1 && !tail.contains("_")) {
            extension = Optional.of(format(tail, tail));
            last--;
        }
        if (last > MAX_STEPS) {
            throw new InvalidTransformationException("Invalid transformation: more than " + MAX_STEPS + " steps");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            steps.add(step(segments[i]));
        }
        return new Transformation(steps, extension);
    }

    /** Whether a URL path segment reads as a transformation step (so is not part of a public id). */
    public static boolean looksLikeStep(String segment) {
        return !segment.isEmpty() && Arrays.stream(segment.split(",", -1)).allMatch(c -> COMPONENT.matcher(c).matches());
    }

    /** The steps as URLs carry them, without the extension: {@code c_fill,h_100,w_100/q_auto}. */
    public String chain() {
        return steps.stream().map(Step::text).collect(Collectors.joining("/"));
    }

    /** Canonical text, as the eager response's {@code transformation} shows it. */
    public String text() {
        return chain() + extension.map(e -> "/" + e).orElse("");
    }

    /**
     * The extension of this derivative's delivery URL: the eager extension, else the last explicit {@code f_}
     * (not auto), else the original's format. The stored object is keyed by it.
     */
    public String deliveryExtension(String originalFormat) {
        if (extension.isPresent()) {
            return extension.get();
        }
        for (int i = steps.size() - 1; i >= 0; i--) {
            Optional<String> format = steps.get(i).format().filter(f -> !f.equals("auto"));
            if (format.isPresent()) {
                return format.get();
            }
        }
        return normalise(originalFormat);
    }

    /** Whether the output format is the browser's choice: {@code f_auto} is the last explicit format. */
    public boolean autoFormat() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            Optional<String> format = steps.get(i).format();
            if (format.isPresent()) {
                return format.get().equals("auto");
            }
        }
        return false;
    }

    /**
     * {@code f_auto}'s pick from a request's {@code Accept} header, as Cloudinary makes it: AVIF, else WebP; empty
     * when the browser takes neither (then JPEG, or PNG to keep transparency).
     */
    public static Optional<String> acceptedFormat(String accept) {
        String a = accept == null ? "" : accept.toLowerCase(java.util.Locale.ROOT);
        return a.contains("image/avif") ? Optional.of("avif") : a.contains("image/webp") ? Optional.of("webp")
                : Optional.empty();
    }

    /** Where a derivative is stored: beside the original, keyed by chain and extension. */
    /**
     * Derivatives lie under {@code originalKey + DERIVED_SUFFIX}: a sibling prefix, not {@code originalKey + "/"}, as
     * filesystem-backed stores cannot have a file and a folder of one name.
     */
    public static final String DERIVED_SUFFIX = ".derived/";

    public static String objectKey(String originalKey, String chain, String extension) {
        return originalKey + DERIVED_SUFFIX + chain + "." + extension;
    }

    public static String normalise(String format) {
        String f = format == null ? "" : format.toLowerCase();
        return f.equals("jpeg") ? "jpg" : f;
    }

    private static Step step(String segment) {
        if (segment.isEmpty()) {
            throw new InvalidTransformationException("Invalid transformation: empty step");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String component : segment.split(",", -1)) {
            int underscore = component.indexOf('_');
            if (underscore <= 0 || underscore == component.length() - 1) {
                throw new InvalidTransformationException("Invalid transformation component '" + component + "'");
            }
            String key = component.substring(0, underscore);
            if (values.put(key, component.substring(underscore + 1)) != null) {
                throw new InvalidTransformationException("Invalid transformation: '" + key + "_' given twice in '"
                        + segment + "'");
            }
        }
        Optional<Dimension> width = Optional.empty();
        Optional<Dimension> height = Optional.empty();
        Crop crop = Crop.SCALE;
        Gravity gravity = Gravity.CENTER;
        Optional<Integer> quality = Optional.empty();
        Optional<String> format = Optional.empty();
        Optional<Integer> background = Optional.empty();
        Optional<Double> startOffset = Optional.empty();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String component = e.getKey() + "_" + e.getValue();
            String v = e.getValue();
            switch (e.getKey()) {
                case "w" -> width = Optional.of(dimension(component, v));
                case "h" -> height = Optional.of(dimension(component, v));
                case "c" -> crop = enumValue(Crop.class, component, v);
                case "g" -> gravity = enumValue(Gravity.class, component, v);
                case "q" -> quality = Optional.of(quality(component, v));
                case "f" -> format = Optional.of(v.equals("auto") ? v : format(component, v));
                case "b" -> background = Optional.of(colour(component, v));
                case "so" -> startOffset = Optional.of(seconds(component, v));
                default -> throw new InvalidTransformationException("Unsupported transformation component '"
                        + component + "'");
            }
        }
        String text = values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "_" + e.getValue()).collect(Collectors.joining(","));
        return new Step(width, height, crop, gravity, quality, format, background, startOffset, text);
    }

    private static Dimension dimension(String component, String value) {
        if (PIXELS.matcher(value).matches()) {
            int pixels = Integer.parseInt(value);
            if (pixels > MAX_SIDE) {
                throw new InvalidTransformationException("Invalid transformation component '" + component
                        + "': larger than " + MAX_SIDE + " pixels");
            }
            return new Dimension(pixels, false);
        }
        if (FRACTION.matcher(value).matches()) {
            double fraction = Double.parseDouble(value);
            if (fraction <= 0 || fraction > MAX_FRACTION) {
                throw new InvalidTransformationException("Invalid transformation component '" + component
                        + "': a fraction must be above 0 and at most " + MAX_FRACTION);
            }
            return new Dimension(fraction, true);
        }
        throw new InvalidTransformationException("Invalid transformation component '" + component + "'");
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String component, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidTransformationException("Unsupported transformation component '" + component + "'");
        }
    }

    private static int quality(String component, String value) {
        Integer auto = AUTO_QUALITY.get(value);
        if (auto != null) {
            return auto;
        }
        if (PIXELS.matcher(value).matches() && Integer.parseInt(value) <= 100) {
            return Integer.parseInt(value);
        }
        throw new InvalidTransformationException("Invalid transformation component '" + component + "'");
    }

    private static double seconds(String component, String value) {
        if (!SECONDS.matcher(value).matches()) {
            throw new InvalidTransformationException("Invalid transformation component '" + component
                    + "': seconds from the start, e.g. so_2.5");
        }
        return Double.parseDouble(value);
    }

    private static String format(String component, String value) {
        String format = normalise(value);
        if (!FORMATS.contains(format) && !VIDEO_FORMATS.contains(format)) {
            throw new InvalidTransformationException("Unsupported format in transformation: '" + component + "'");
        }
        return format;
    }

    private static int colour(String component, String value) {
        Integer named = COLOURS.get(value.toLowerCase());
        if (named != null) {
            return named;
        }
        String hex = value.startsWith("rgb:") ? value.substring(4) : "";
        if (!HEX.matcher(hex).matches()) {
            throw new InvalidTransformationException("Invalid transformation component '" + component + "'");
        }
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        long rgba = Long.parseLong(hex.length() == 6 ? hex + "ff" : hex, 16);
        // rgb:RRGGBBAA → ARGB
        return (int) (((rgba & 0xFF) << 24) | (rgba >>> 8));
    }
}
