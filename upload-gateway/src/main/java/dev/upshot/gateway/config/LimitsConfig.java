package dev.upshot.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds on everything a client sends besides the file, so that no request can make an oversized row, event or
 * heap buffer. Lengths are in characters, sizes in UTF-8 bytes. Uploads, presets (when created or updated, and
 * again when applied) and the Admin API's parameters all go through the same bounds. Each key can be set from the
 * environment as {@code UPSHOT_LIMITS_<KEY>} (e.g. {@code UPSHOT_LIMITS_TAG_LENGTH}).
 */
@ConfigMapping(prefix = "upshot.limits")
public interface LimitsConfig {

    /** Form fields of one request (every value of a repeated name counts). */
    @WithDefault("100")
    int maxFields();

    /** All text fields of one request together, except a data URI {@code file}. */
    @WithDefault("262144")
    int formSize();

    /** A {@code file=data:…;base64,…} value; larger files are sent as a file part. */
    @WithDefault("16777216")
    int dataUriSize();

    /** The body of an Admin API call (presets, metadata fields, triggers, decisions); checked before reading it. */
    @WithDefault("1048576")
    int adminBodySize();

    /** Any text parameter without a bound of its own below. */
    @WithDefault("1024")
    int valueLength();

    /** {@code public_id}, as Cloudinary. */
    @WithDefault("255")
    int publicIdLength();

    /** {@code folder} and {@code asset_folder}. */
    @WithDefault("255")
    int folderLength();

    /** {@code display_name} and {@code filename_override}. */
    @WithDefault("255")
    int nameLength();

    @WithDefault("100")
    int maxTags();

    /** One tag, as Cloudinary. */
    @WithDefault("255")
    int tagLength();

    /** A key of {@code context} or {@code metadata}. */
    @WithDefault("128")
    int keyLength();

    /** One {@code context} value. */
    @WithDefault("4096")
    int contextValueLength();

    /** The whole {@code context} parameter. */
    @WithDefault("65536")
    int contextSize();

    /** One {@code metadata} value (a list value counts as its JSON text). */
    @WithDefault("4096")
    int metadataValueLength();

    /** The whole {@code metadata} parameter. */
    @WithDefault("65536")
    int metadataSize();

    /** The {@code on_success} script. */
    @WithDefault("65536")
    int onSuccessSize();

    /** {@code notification_url}, {@code eager_notification_url} and the Admin API's notification URLs. */
    @WithDefault("2048")
    int urlLength();

    /** Transformations in {@code eager}. */
    @WithDefault("20")
    int maxEager();

    /** One {@code eager} transformation. */
    @WithDefault("1024")
    int eagerLength();
}
