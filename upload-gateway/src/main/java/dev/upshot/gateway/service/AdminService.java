package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.ModerationStatus;
import dev.upshot.gateway.persistence.UploadPreset;
import dev.upshot.gateway.persistence.WireNames;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Admin API: resource details, deletion, upload presets ({@link AssetListings} lists). Callers are authenticated. */
@ApplicationScoped
public class AdminService {
    private final AssetDeletion deletion;
    private final InputLimits limits;

    public AdminService(AssetDeletion deletion, InputLimits limits) {
        this.deletion = deletion;
        this.limits = limits;
    }

    /** Details query flags and the stored result fields each one shows; {@code info} (add-ons) always shows. */
    public static final Map<String, Set<String>> RESULT_FLAGS = Map.of(
            "colors", Set.of("colors", "predominant", "grayscale", "illustration_score"),
            "faces", Set.of("faces"),
            "phash", Set.of("phash"),
            "image_metadata", Set.of("image_metadata"),
            "media_metadata", Set.of("image_metadata"),
            "exif", Set.of("image_metadata"),
            "quality_analysis", Set.of("quality_analysis", "quality_score"),
            "accessibility_analysis", Set.of("accessibility_analysis"));

    /** The details query's flags: those of {@link #RESULT_FLAGS}, and {@code coordinates}. */
    public static final Set<String> DETAIL_FLAGS = Stream.concat(RESULT_FLAGS.keySet().stream(),
            Stream.of("coordinates")).collect(Collectors.toUnmodifiableSet());

    /** @param flags the {@link #DETAIL_FLAGS} the caller set */
    public Uni<AssetView> details(URI base, String cloud, String resourceType, String type, String publicId,
                                  Set<String> flags) {
        return details(base, () -> Asset.findByPublicId(cloud, resourceType, type, publicId), publicId, flags);
    }

    /** The SDKs' {@code resource_by_asset_id}: the details of the asset of this id, whatever its type. */
    public Uni<AssetView> detailsByAssetId(URI base, String cloud, String assetId, Set<String> flags) {
        return details(base, () -> Asset.<Asset>find("cloud = ?1 and assetId = ?2", cloud, assetId).firstResult(),
                assetId, flags);
    }

    private Uni<AssetView> details(URI base, Supplier<Uni<Asset>> find, String name, Set<String> flags) {
        Set<String> shown = new HashSet<>(Set.of("info", "analysis_errors"));
        flags.forEach(flag -> shown.addAll(RESULT_FLAGS.getOrDefault(flag, Set.of())));
        return Panache.withSession(find).map(asset -> {
            if (asset == null) {
                throw ApiException.notFound("Resource not found - " + name);
            }
            AssetView view = AssetView.of(base, asset).withResults(asset, shown::contains)
                    .withDerived(AssetView.derived(asset));
            return flags.contains("coordinates") ? view.withCoordinates(asset) : view;
        });
    }

    /** A queue's status as a caller names it; 400 for a name of no {@link ModerationStatus}. */
    public static ModerationStatus queueStatus(String status) {
        return ModerationStatus.parse(status).orElseThrow(() -> ApiException.badRequest("Invalid moderation status "
                + status + "; one of " + WireNames.all(ModerationStatus.class)));
    }

    /**
     * Each id, in the caller's order, with {@code deleted} or {@code not_found}; see {@link AssetDeletion} for what
     * goes with each deleted asset.
     */
    public Uni<Map<String, String>> delete(String cloud, String resourceType, String type, List<String> publicIds) {
        if (publicIds.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - public_ids");
        }
        if (publicIds.size() > 100) {
            throw ApiException.badRequest("At most 100 public_ids per request");
        }
        // locked, as the deletes by prefix and tag: of two calls on one id, the second finds it gone (not_found)
        return Panache.withTransaction(() -> Asset.locked(cloud, resourceType, type, publicIds)
                .call(found -> deletion.delete(found, Optional.empty())))
                .invoke(deletion::removeObjects)
                .map(found -> {
                    Map<String, String> deleted = new LinkedHashMap<>();
                    publicIds.forEach(id -> deleted.put(id, "not_found"));
                    found.forEach(a -> deleted.put(a.publicId, "deleted"));
                    return deleted;
                });
    }

    /** Cloudinary's bound on one delete by prefix, by tag or of everything; the rest is for the next call. */
    public static final int MAX_BULK_DELETE = 1000;

    /**
     * What one delete by prefix, tag or {@code all} did.
     *
     * @param deleted    the public ids deleted, each with {@code deleted}
     * @param nextCursor present when more assets matched than one call deletes ({@code partial})
     */
    public record BulkDeleted(Map<String, String> deleted, String nextCursor) {
    }

    /**
     * Deletes up to {@link #MAX_BULK_DELETE} assets that match, in asset id order, as {@link #delete} does.
     *
     * @param type   null: every delivery type (a delete by tag)
     * @param prefix a literal public id prefix, or null
     * @param tag    a tag the assets have, or null; with neither, every asset of the resource type and type
     * @param cursor the previous call's next_cursor, or null
     */
    public Uni<BulkDeleted> deleteMatching(String cloud, String resourceType, String type, String prefix, String tag,
                                           String cursor) {
        StringBuilder where = new StringBuilder("cloud = ?1");
        List<Object> params = new ArrayList<>(List.of(cloud));
        condition(where, params, "resourceType = ?", resourceType);
        condition(where, params, "deliveryType = ?", type);
        if (prefix != null) {
            condition(where, params, "publicId like ? escape '\\'", ListingQuery.likeLiteral(prefix) + "%");
        }
        if (tag != null) {
            condition(where, params, "cast(tags as String) like ? escape '\\'", Asset.tagPattern(tag));
        }
        if (cursor != null && !cursor.isEmpty()) {
            condition(where, params, "assetId > ?", AssetListings.decodeCursor(cursor));
        }
        return Panache.withTransaction(() -> Asset.<Asset>find(where + " order by assetId", params.toArray())
                        .page(0, MAX_BULK_DELETE + 1).withLock(LockModeType.PESSIMISTIC_WRITE).list()
                        .chain(found -> {
                            List<Asset> batch = found.stream().limit(MAX_BULK_DELETE).toList();
                            return deletion.delete(batch, Optional.empty()).replaceWith(found);
                        }))
                .map(found -> {
                    List<Asset> batch = found.stream().limit(MAX_BULK_DELETE).toList();
                    deletion.removeObjects(batch);
                    Map<String, String> deleted = new LinkedHashMap<>();
                    batch.forEach(a -> deleted.put(a.publicId, "deleted"));
                    return new BulkDeleted(deleted, found.size() > MAX_BULK_DELETE
                            ? AssetListings.encodeCursor(batch.getLast().assetId) : null);
                });
    }

    private static void condition(StringBuilder where, List<Object> params, String test, Object value) {
        if (value != null) {
            params.add(value);
            where.append(" and ").append(test.replace("?", "?" + params.size()));
        }
    }

    /**
     * @param name null or empty: a generated one, as Cloudinary gives
     * @return the preset's name
     */
    public Uni<String> createPreset(String cloud, String requestedName, boolean unsigned,
                                    Map<String, String> settings) {
        String name = requestedName == null || requestedName.isEmpty()
                ? UUID.randomUUID().toString().replace("-", "").substring(0, 12) : requestedName;
        if (!name.matches("[A-Za-z0-9_\\-]{1,100}")) {
            throw ApiException.badRequest("Invalid preset name: letters, digits, '_' and '-' only");
        }
        validateSettings(settings);
        ApiException exists = ApiException.conflict("Upload preset " + name + " already exists");
        return Panache.withTransaction(() -> UploadPreset.findByName(cloud, name).chain(existing -> {
            if (existing != null) {
                throw exists;
            }
            UploadPreset preset = new UploadPreset();
            preset.cloud = cloud;
            preset.name = name;
            preset.unsigned = unsigned;
            preset.settings = new LinkedHashMap<>(settings);
            return preset.persist();
        })).onFailure(ApiException::duplicateKey).transform(e -> exists).replaceWith(name);
    }

    public Uni<Void> updatePreset(String cloud, String name, Boolean unsigned, Map<String, String> settings) {
        validateSettings(settings);
        return Panache.withTransaction(() -> presetOrNotFound(cloud, name).invoke(preset -> {
            if (unsigned != null) {
                preset.unsigned = unsigned;
            }
            preset.settings.putAll(settings);
        })).replaceWithVoid();
    }

    public Uni<UploadPreset> preset(String cloud, String name) {
        return Panache.withSession(() -> presetOrNotFound(cloud, name));
    }

    public Uni<List<UploadPreset>> presets(String cloud) {
        return Panache.withSession(() -> UploadPreset.list("cloud = ?1 order by name", cloud));
    }

    public Uni<Void> deletePreset(String cloud, String name) {
        return Panache.withTransaction(() -> UploadPreset.deleteByName(cloud, name)).invoke(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("Upload preset " + name + " not found");
            }
        }).replaceWithVoid();
    }

    private static Uni<UploadPreset> presetOrNotFound(String cloud, String name) {
        return UploadPreset.findByName(cloud, name).map(p -> {
            if (p == null) {
                throw ApiException.notFound("Upload preset " + name + " not found");
            }
            return p;
        });
    }

    /** Settings are upload parameters; they must parse as such. */
    /** A preset is held to the limits of the uploads it will serve. */
    private void validateSettings(Map<String, String> settings) {
        for (String key : List.of("file", "upload_preset")) {
            if (settings.containsKey(key)) {
                throw ApiException.badRequest(key + " cannot be part of a preset");
            }
        }
        limits.checkParameters(settings);
        UploadParameters.parse(settings);
    }
}
