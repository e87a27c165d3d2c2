package dev.upshot.gateway.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.ModerationStatus;
import dev.upshot.gateway.persistence.UploadPreset;
import dev.upshot.gateway.persistence.WireNames;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Admin API: resource details, listing with cursors, deletion, upload presets. Callers are authenticated. */
@ApplicationScoped
public class AdminService {
    private static final int MAX_RESULTS = 500;

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
        Set<String> shown = new HashSet<>(Set.of("info", "analysis_errors"));
        flags.forEach(flag -> shown.addAll(RESULT_FLAGS.getOrDefault(flag, Set.of())));
        return Panache.withSession(() -> Asset.findByPublicId(cloud, resourceType, type, publicId)).map(asset -> {
            if (asset == null) {
                throw ApiException.notFound("Resource not found - " + publicId);
            }
            AssetView view = AssetView.of(base, asset).withResults(asset, shown::contains)
                    .withDerived(AssetView.derived(asset));
            return flags.contains("coordinates") ? view.withCoordinates(asset) : view;
        });
    }

    /** Which assets a listing shows; null or empty members do not filter. */
    public record Filter(String resourceType, String type, String prefix, List<String> publicIds, String tag,
                         Instant startAt) {
    }

    /**
     * A page of a listing.
     *
     * @param nextCursor absent on the last page
     */
    public record ResourcesPage(List<AssetView> resources,
                                @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.NON_NULL)
                                String nextCursor) {
    }

    /** Identity keys a listing keeps whatever {@code fields} asks for. */
    private static final Set<String> IDENTITY = Set.of("public_id", "asset_id", "resource_type", "type");

    /**
     * Newest first ({@code ascending}: oldest first), served by the (cloud, resource_type, delivery_type,
     * created_at, asset_id) index; the cursor is the last asset's creation time and id, opaque to clients.
     *
     * @param fields the keys to keep besides the identity ones; empty: all
     */
    public Uni<ResourcesPage> resources(URI base, String cloud, Filter filter, boolean ascending, int maxResults,
                                        String cursor, Set<String> fields) {
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw ApiException.badRequest("max_results must be between 1 and " + MAX_RESULTS);
        }
        StringBuilder where = new StringBuilder("cloud = ?1");
        List<Object> params = new ArrayList<>(List.of(cloud));
        condition(where, params, "resourceType = ?", filter.resourceType());
        condition(where, params, "deliveryType = ?", filter.type());
        if (filter.prefix() != null && !filter.prefix().isEmpty()) {
            condition(where, params, "publicId like ? escape '\\'", likeLiteral(filter.prefix()) + "%");
        }
        if (filter.publicIds() != null && !filter.publicIds().isEmpty()) {
            condition(where, params, "publicId in ?", filter.publicIds());
        }
        if (filter.tag() != null) {
            // tags are a JSON array in text: the tag as a JSON string, quotes included, is one whole tag
            condition(where, params, "cast(tags as String) like ? escape '\\'",
                    "%" + likeLiteral(EventCodec.mapper().valueToTree(filter.tag()).toString()) + "%");
        }
        condition(where, params, "createdAt >= ?", filter.startAt());
        if (cursor != null && !cursor.isEmpty()) {
            String[] after = decodeCursor(cursor).split("\\|", 2);
            if (after.length != 2) {
                throw ApiException.badRequest("Invalid next_cursor");
            }
            Instant at;
            try {
                at = Instant.parse(after[0]);
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiException.badRequest("Invalid next_cursor");
            }
            String op = ascending ? ">" : "<";
            params.add(at);
            params.add(after[1]);
            where.append(" and (createdAt ").append(op).append(" ?").append(params.size() - 1)
                    .append(" or createdAt = ?").append(params.size() - 1).append(" and assetId ").append(op)
                    .append(" ?").append(params.size()).append(")");
        }
        String order = ascending ? " asc" : " desc";
        return Panache.withSession(() -> Asset.<Asset>find(where + " order by createdAt" + order + ", assetId" + order,
                params.toArray()).page(0, maxResults + 1).list()).map(assets -> {
            List<AssetView> shown = assets.stream().limit(maxResults).map(a -> AssetView.of(base, a))
                    .map(view -> fields.isEmpty() ? view
                            : view.only(k -> IDENTITY.contains(k) || fields.contains(k))).toList();
            String next = null;
            if (assets.size() > maxResults) {
                Asset last = assets.get(maxResults - 1);
                next = encodeCursor(last.createdAt + "|" + last.assetId);
            }
            return new ResourcesPage(shown, next);
        });
    }

    /** The resource types the account has assets of. */
    public Uni<List<String>> resourceTypes(String cloud) {
        return Panache.withSession(() -> Asset.find("select distinct resourceType from Asset where cloud = ?1 "
                + "order by resourceType", cloud).project(String.class).list());
    }

    private static void condition(StringBuilder where, List<Object> params, String test, Object value) {
        if (value != null) {
            params.add(value);
            where.append(" and ").append(test.replace("?", "?" + params.size()));
        }
    }

    /** LIKE's wildcards and its escape character (the backslash, as the queries name it) taken literally. */
    private static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The moderation queue: assets whose current moderation entry has this kind and status. */
    public Uni<ResourcesPage> listByModeration(URI base, String cloud, String resourceType, String kind,
                                               ModerationStatus status, int maxResults, String cursor) {
        return page(base, maxResults, cursor,
                "cloud = ?1 and resourceType = ?2 and moderationKind = ?3 and moderationStatus = ?4",
                cloud, resourceType, kind, status);
    }

    /** The review page's queue: assets whose current moderation entry has this status, of any kind. */
    public Uni<ResourcesPage> listByModerationStatus(URI base, String cloud, String resourceType,
                                                     ModerationStatus status, int maxResults, String cursor) {
        return page(base, maxResults, cursor,
                "cloud = ?1 and resourceType = ?2 and moderationKind is not null and moderationStatus = ?3",
                cloud, resourceType, status);
    }

    /** A queue's status as a caller names it; 400 for a name of no {@link ModerationStatus}. */
    public static ModerationStatus queueStatus(String status) {
        return ModerationStatus.parse(status).orElseThrow(() -> ApiException.badRequest("Invalid moderation status "
                + status + "; one of " + WireNames.all(ModerationStatus.class)));
    }

    private Uni<ResourcesPage> page(URI base, int maxResults, String cursor, String where, Object... params) {
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw ApiException.badRequest("max_results must be between 1 and " + MAX_RESULTS);
        }
        String after = cursor == null || cursor.isEmpty() ? "" : decodeCursor(cursor);
        Object[] all = Arrays.copyOf(params, params.length + 1);
        all[params.length] = after;
        return Panache.withSession(() -> Asset.<Asset>find(where + " and publicId > ?" + all.length
                        + " order by publicId", all)
                .page(0, maxResults + 1).list()).map(assets -> new ResourcesPage(
                assets.stream().limit(maxResults).map(a -> AssetView.of(base, a)).toList(),
                assets.size() > maxResults ? encodeCursor(assets.get(maxResults - 1).publicId) : null));
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
            condition(where, params, "publicId like ? escape '\\'", likeLiteral(prefix) + "%");
        }
        if (tag != null) {
            condition(where, params, "cast(tags as String) like ? escape '\\'", Asset.tagPattern(tag));
        }
        if (cursor != null && !cursor.isEmpty()) {
            condition(where, params, "assetId > ?", decodeCursor(cursor));
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
                            ? encodeCursor(batch.getLast().assetId) : null);
                });
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

    private static String encodeCursor(String publicId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(publicId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid next_cursor");
        }
    }
}
