package dev.upshot.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.persistence.AccessRule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses upload parameters the way the SDKs send them (Node: booleans as 1/0; Java: true/false; context and
 * metadata as {@code k=v|k2=v2} with {@code \=} and {@code \|} escaped inside values).
 */
public final class UploadParameters {

    /** Parameters that change how the asset is stored or answered. */
    private static final Set<String> STORAGE = Set.of("file", "api_key", "timestamp", "signature", "upload_preset",
            "public_id", "folder", "asset_folder", "display_name", "use_filename", "unique_filename",
            "filename_override", "overwrite", "type", "tags", "context", "metadata", "async", "notification_url",
            "resource_type", "discard_original_filename", "invalidate", "backup", "return_delete_token",
            "access_control");
    /** Delivery types: {@code private} and {@code authenticated} are delivered only by signed URLs. */
    public static final Set<String> TYPES = Set.of("upload", "private", "authenticated");
    /** Post-upload work: recorded on the asset and carried to the workers in {@code AssetUploaded}. */
    public static final Set<String> ANALYSES = Set.of("quality_analysis", "accessibility_analysis", "colors",
            "faces", "phash", "image_metadata", "media_metadata", "exif", "detection", "auto_tagging", "ocr",
            "categorization");
    private static final Set<String> PROCESSING = Set.of("moderation", "on_success", "eager", "eager_async",
            "eager_notification_url", "transformation", "format", "allowed_formats", "responsive_breakpoints",
            "face_coordinates", "custom_coordinates", "regions", "callback", "headers", "access_mode",
            "quality_override", "visual_search", "cinemagraph_analysis", "background_removal");
    private static final Set<String> BOOLEANS = Set.of("use_filename", "unique_filename", "overwrite", "async",
            "eager_async", "quality_analysis", "accessibility_analysis", "colors", "faces", "phash",
            "image_metadata", "media_metadata", "exif", "discard_original_filename", "invalidate", "backup",
            "return_delete_token", "visual_search", "cinemagraph_analysis");
    /** What an unsigned upload may set besides its preset (Cloudinary's list, minus what we don't support). */
    public static final Set<String> UNSIGNED_ALLOWED = Set.of("file", "upload_preset", "public_id", "folder",
            "asset_folder", "display_name", "tags", "context", "metadata", "filename_override", "callback",
            "face_coordinates", "custom_coordinates", "regions");
    /**
     * Parameters this platform does not implement, and why: a value asking for them is refused (400) rather than
     * accepted and ignored; a boolean one set to false asks for nothing.
     */
    private static final Map<String, String> NOT_IMPLEMENTED = Map.of(
            "background_removal", "no background removal add-on",
            "responsive_breakpoints", "no responsive breakpoints are generated (ask for eager transformations)",
            "cinemagraph_analysis", "no cinemagraph analysis",
            "visual_search", "no visual search index",
            "transformation", "no incoming transformation: the original is stored as sent (use eager or format)",
            "quality_override", "no quality override",
            "headers", "no custom delivery headers",
            "regions", "no named regions are kept for delivery (g_region)",
            "callback", "no redirect to a callback page: the answer is the JSON body (notification_url notifies a "
                    + "server)",
            "backup", "no backup copies are kept: back up the S3 bucket");
    private static final Set<String> OCR_ENGINES = Set.of("adv_ocr", "adv_ocr:document");
    private static final Set<String> DETECTION_MODELS = Set.of("captioning");
    /**
     * The image taggers an application may name (each keys its results under info.categorization); the analysis
     * worker's one tagger serves them all. {@code upshot_tagging} is its own name.
     */
    private static final Set<String> CATEGORIZATION_MODELS = Set.of("google_tagging", "imagga_tagging",
            "aws_rek_tagging", "upshot_tagging");
    private static final Set<String> ACCESS_MODES = Set.of("public", "authenticated");
    private static final Pattern UNESCAPED_PIPE = Pattern.compile("(?<!\\\\)\\|");
    private static final Pattern UNESCAPED_EQUALS = Pattern.compile("(?<!\\\\)=");

    private UploadParameters() {
    }

    public static boolean isKnown(String name) {
        return STORAGE.contains(name) || ANALYSES.contains(name) || PROCESSING.contains(name)
                || TranscriptionParameters.NAMES.contains(name);
    }

    /** @throws ApiException 400 on an unknown parameter or a malformed value */
    public static UploadRequest parse(Map<String, String> raw) {
        for (String name : raw.keySet()) {
            if (!isKnown(name)) {
                throw ApiException.badRequest("Unknown parameter: " + name);
            }
        }
        Params p = new Params(raw);
        NOT_IMPLEMENTED.forEach((name, why) -> p.text(name)
                .filter(v -> !BOOLEANS.contains(name) || p.bool(name, false))
                .ifPresent(v -> {
                    throw ApiException.badRequest("Parameter " + name + " is invalid: '" + v + "' is not supported ("
                            + why + ")");
                }));
        String type = p.text("type").orElse("upload");
        if (!TYPES.contains(type)) {
            throw ApiException.badRequest("Invalid type: " + type + " (one of upload, private, authenticated)");
        }
        Map<String, String> analyses = new LinkedHashMap<>();
        for (String name : ANALYSES) {
            // the workers see one spelling of a boolean whichever SDK sent it (Node 1, Java true)
            p.text(name).filter(v -> !BOOLEANS.contains(name) || p.bool(name, false))
                    .ifPresent(v -> analyses.put(name, BOOLEANS.contains(name) ? "true" : v));
        }
        checkAnalyses(analyses);
        return new UploadRequest(
                p.text("public_id").map(PublicIds::validate),
                p.text("folder").map(PublicIds::validateFolder).orElse(""),
                p.text("asset_folder").map(PublicIds::validateFolder),
                p.text("display_name"),
                p.bool("use_filename", false),
                p.bool("unique_filename", true),
                p.text("filename_override"),
                p.bool("overwrite", true),
                type,
                accessControl(p),
                tags(p.text("tags").orElse("")),
                context(p.text("context").orElse("")),
                metadata(p.text("metadata").orElse("")),
                p.bool("async", false),
                p.text("notification_url"),
                p.text("moderation").map(m -> List.of(m.split("\\|"))).orElse(List.of()),
                analyses,
                p.text("on_success"),
                EagerRequest.parse(raw, p.bool("eager_async", false)),
                StoredFormat.parse(p.text("format"), p.text("allowed_formats")),
                TranscriptionParameters.parse(raw),
                p.text("custom_coordinates").map(v -> Coordinates.rectangles("custom_coordinates", v))
                        .orElse(List.of()),
                p.text("face_coordinates").map(v -> Coordinates.rectangles("face_coordinates", v))
                        .orElse(List.of()),
                p.bool("discard_original_filename", false),
                returnDeleteToken(p));
    }

    /**
     * {@code access_control}, or the older {@code access_mode}: {@code authenticated} is what a {@code token} rule
     * does (delivered by signed URLs only), so it becomes one; {@code public} asks for nothing.
     */
    private static List<AccessRule> accessControl(Params p) {
        List<AccessRule> rules = p.text("access_control").map(AccessControl::parse).orElse(List.of());
        String mode = p.text("access_mode").orElse("public");
        if (!ACCESS_MODES.contains(mode)) {
            throw ApiException.badRequest("Invalid access_mode '" + mode + "': public or authenticated");
        }
        if (mode.equals("public")) {
            return rules;
        }
        if (!rules.isEmpty()) {
            throw ApiException.badRequest("access_mode authenticated and access_control together: give one of them");
        }
        return List.of(new AccessRule(AccessRule.TOKEN, null, null));
    }

    /** The token is answered by a synchronous upload only: an async one answers before the asset is stored. */
    private static boolean returnDeleteToken(Params p) {
        boolean wanted = p.bool("return_delete_token", false);
        if (wanted && p.bool("async", false)) {
            throw ApiException.badRequest("return_delete_token is not supported with async=true: the delete_token "
                    + "is in the upload's answer, which an async upload gives before the asset is stored");
        }
        return wanted;
    }

    /** Values the analysis worker understands; anything else is refused here rather than failing later. */
    private static void checkAnalyses(Map<String, String> analyses) {
        String ocr = analyses.get("ocr");
        if (ocr != null && !OCR_ENGINES.contains(ocr)) {
            throw ApiException.badRequest("Invalid ocr value '" + ocr + "': supported are " + OCR_ENGINES);
        }
        String detection = analyses.get("detection");
        if (detection != null) {
            for (String model : detection.split(",")) {
                if (!DETECTION_MODELS.contains(model.strip())) {
                    // the wording the SDKs' tests check
                    throw ApiException.badRequest("Detection invalid model '" + model.strip() + "' (supported: "
                            + String.join(", ", DETECTION_MODELS) + ")");
                }
            }
        }
        String categorization = analyses.get("categorization");
        if (categorization != null) {
            for (String name : categorization.split(",")) {
                if (!CATEGORIZATION_MODELS.contains(name.strip())) {
                    // the wording the SDKs' tests check
                    throw ApiException.badRequest("Categorization item " + name.strip() + " is not valid (supported: "
                            + String.join(", ", new TreeSet<>(CATEGORIZATION_MODELS)) + ")");
                }
            }
        }
        String autoTagging = analyses.get("auto_tagging");
        if (autoTagging != null) {
            double threshold;
            try {
                threshold = Double.parseDouble(autoTagging);
            } catch (NumberFormatException e) {
                threshold = -1;
            }
            if (!(threshold >= 0 && threshold <= 1)) {
                throw ApiException.badRequest("Invalid auto_tagging value '" + autoTagging
                        + "': a confidence between 0.0 and 1.0 is expected");
            }
        }
    }

    public static List<String> tags(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
    }

    /** {@code k=v|k2=v2}, values unescaped. */
    public static Map<String, String> context(String value) {
        Map<String, String> context = new LinkedHashMap<>();
        pairs(value).forEach((k, v) -> context.put(k, unescape(v)));
        return context;
    }

    /** Like context, but a value written {@code ["x","y"]} is a list (multi-select fields). */
    public static Map<String, Object> metadata(String value) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        pairs(value).forEach((k, v) -> metadata.put(k, v.startsWith("[") ? list(k, v) : unescape(v)));
        return metadata;
    }

    private static Map<String, String> pairs(String value) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (value.isBlank()) {
            return pairs;
        }
        for (String pair : UNESCAPED_PIPE.split(value)) {
            String[] kv = UNESCAPED_EQUALS.split(pair, 2);
            String key = kv[0].strip();
            if (kv.length != 2 || key.isEmpty()) {
                throw ApiException.badRequest("Invalid key=value pair: '" + pair + "'");
            }
            pairs.put(unescape(key), kv[1]);
        }
        return pairs;
    }

    private static List<String> list(String key, String json) {
        try {
            JsonNode node = EventCodec.mapper().readTree(json);
            if (!node.isArray()) {
                throw ApiException.badRequest("Invalid list value for " + key);
            }
            List<String> values = new ArrayList<>();
            node.forEach(n -> values.add(n.asText()));
            return values;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Invalid list value for " + key + ": " + json);
        }
    }

    private static String unescape(String value) {
        return value.replace("\\=", "=").replace("\\|", "|");
    }

    private record Params(Map<String, String> raw) {
        Optional<String> text(String name) {
            return Optional.ofNullable(raw.get(name)).filter(v -> !v.isEmpty());
        }

        boolean bool(String name, boolean fallback) {
            return text(name).map(v -> switch (v.toLowerCase()) {
                case "1", "true" -> true;
                case "0", "false" -> false;
                default -> throw ApiException.badRequest("Invalid boolean value for " + name + ": '" + v + "'");
            }).orElse(fallback);
        }
    }
}
