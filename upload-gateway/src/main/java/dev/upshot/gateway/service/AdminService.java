package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.UploadPreset;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

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

    /** @param flags the {@link #RESULT_FLAGS} the caller set */
    public Uni<ObjectNode> details(URI base, String cloud, String resourceType, String type, String publicId,
                                   Set<String> flags) {
        return details(base, () -> Asset.findByPublicId(cloud, resourceType, type, publicId), publicId, flags);
    }

    /** The SDKs' {@code resource_by_asset_id}: the details of the asset of this id, whatever its type. */
    public Uni<ObjectNode> detailsByAssetId(URI base, String cloud, String assetId, Set<String> flags) {
        return details(base, () -> Asset.<Asset>find("cloud = ?1 and assetId = ?2", cloud, assetId).firstResult(),
                assetId, flags);
    }

    private Uni<ObjectNode> details(URI base, Supplier<Uni<Asset>> find, String name, Set<String> flags) {
        Set<String> shown = new HashSet<>(Set.of("info", "analysis_errors"));
        flags.forEach(flag -> shown.addAll(RESULT_FLAGS.get(flag)));
        return Panache.withSession(find).map(asset -> {
            if (asset == null) {
                throw ApiException.notFound("Resource not found - " + name);
            }
            ObjectNode node = AssetViews.withResults(AssetViews.resource(base, asset), asset, shown::contains);
            node.putArray("derived");
            return node;
        });
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
        return Panache.withTransaction(() -> Asset.<Asset>list(
                        "cloud = ?1 and resourceType = ?2 and deliveryType = ?3 and publicId in ?4",
                        cloud, resourceType, type, publicIds)
                .call(found -> deletion.delete(found, Optional.empty())))
                .invoke(deletion::removeObjects)
                .map(found -> {
                    Map<String, String> deleted = new LinkedHashMap<>();
                    publicIds.forEach(id -> deleted.put(id, "not_found"));
                    found.forEach(a -> deleted.put(a.publicId, "deleted"));
                    return deleted;
                });
    }

    public Uni<Void> createPreset(String cloud, String name, boolean unsigned, Map<String, String> settings) {
        if (name == null || !name.matches("[A-Za-z0-9_\\-]{1,100}")) {
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
        })).onFailure(ApiException::duplicateKey).transform(e -> exists).replaceWithVoid();
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
