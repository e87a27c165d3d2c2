package dev.upshot.gateway.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.upshot.gateway.persistence.Asset;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Admin API listings (by type, prefix, public or asset ids, tag, context, moderation) and the tags listing, each a
 * {@link ListingQuery} served by an index, paged by opaque cursors. Callers are authenticated.
 */
@ApplicationScoped
public class AssetListings {
    public static final int MAX_RESULTS = 500;

    private final Pool pool;

    public AssetListings(Pool pool) {
        this.pool = pool;
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

    /** {@code {"tags":[…],"next_cursor":…}}. */
    public record TagsPage(List<String> tags,
                           @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {
    }

    /**
     * Order and size of a page.
     *
     * @param cursor the previous page's {@code next_cursor}; null or empty for the first
     */
    public record Paging(boolean ascending, int maxResults, String cursor) {
        public Paging {
            checkMaxResults(maxResults);
        }
    }

    /**
     * What each listed resource shows, as the SDKs' flags ask: {@code tags}, {@code context}, {@code metadata}
     * ({@code {}} when the asset has none) and {@code moderations} only when asked; {@code fields}, when given,
     * keeps only those keys besides {@code public_id}, {@code asset_id} and {@code folder}, flags or not.
     */
    public record Shown(boolean tags, boolean context, boolean metadata, boolean moderations, Set<String> fields) {
        /** Everything: the review page's own view. */
        public static final Shown ALL = new Shown(true, true, true, true, Set.of());
    }

    private static final Set<String> IDENTITY = Set.of("public_id", "asset_id", "folder");

    /** The assets matching every criterion, a page at a time. */
    public Uni<ResourcesPage> resources(URI base, String cloud, List<ListingQuery.Criterion> criteria, Paging paging,
                                        Shown view) {
        if (criteria.stream().anyMatch(c -> c instanceof ListingQuery.AssetIds a && a.ids().isEmpty()
                || c instanceof ListingQuery.PublicIds p && p.ids().isEmpty())) {
            return Uni.createFrom().item(new ResourcesPage(List.of(), null));
        }
        ListingQuery query = ListingQuery.of(cloud, criteria, paging.ascending(), after(paging.cursor()),
                paging.maxResults() + 1);
        // the ids by the listing's own SQL, then their rows (Hibernate Reactive maps no entity from native SQL)
        return strings(query).chain(ids -> Panache.withSession(() -> {
            List<String> shown = ids.stream().limit(paging.maxResults()).toList();
            Uni<List<Asset>> rows = shown.isEmpty() ? Uni.createFrom().item(List.of())
                    : Asset.list("assetId in ?1", shown);
            return rows.map(found -> {
                List<Asset> assets = inOrder(shown, found);
                String next = ids.size() > paging.maxResults() && !assets.isEmpty()
                        ? encodeCursor(assets.getLast().createdAt + "|" + assets.getLast().assetId) : null;
                return new ResourcesPage(assets.stream().map(a -> view(base, a, view)).toList(), next);
            });
        }));
    }

    /** The resource types the account has assets of. */
    public Uni<List<String>> resourceTypes(String cloud) {
        return Panache.withSession(() -> Asset.find("select distinct resourceType from Asset where cloud = ?1 "
                + "order by resourceType", cloud).project(String.class).list());
    }

    /** The distinct tags of a resource type, alphabetically, optionally starting with {@code prefix}. */
    public Uni<TagsPage> tags(String cloud, String resourceType, String prefix, int maxResults, String cursor) {
        checkMaxResults(maxResults);
        String after = cursor == null || cursor.isEmpty() ? "" : decodeCursor(cursor);
        ListingQuery query = ListingQuery.tags(cloud, resourceType, prefix == null ? "" : prefix, after,
                maxResults + 1);
        return strings(query).map(tags -> new TagsPage(tags.stream().limit(maxResults).toList(),
                        tags.size() > maxResults ? encodeCursor(tags.get(maxResults - 1)) : null));
    }

    /**
     * The first column of the listing's rows, on the plain client: through Hibernate, a native select's plan is cached
     * under a key that never matches again (see {@link dev.upshot.gateway.persistence.TransactionLock}).
     */
    private Uni<List<String>> strings(ListingQuery query) {
        Object[] params = query.params().stream()
                .map(p -> p instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : p).toArray();
        return pool.preparedQuery(query.clientSql()).execute(Tuple.from(params)).map(rows -> {
            List<String> values = new ArrayList<>();
            rows.forEach(row -> values.add(row.getString(0)));
            return values;
        });
    }

    private static List<Asset> inOrder(List<String> ids, List<Asset> rows) {
        Map<String, Asset> byId = new HashMap<>();
        rows.forEach(a -> byId.put(a.assetId, a));
        // a row deleted between the two reads is left out
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    private static AssetView view(URI base, Asset asset, Shown shown) {
        int slash = asset.publicId.lastIndexOf('/');
        Map<String, Object> changed = new HashMap<>();
        changed.put("folder", slash < 0 ? "" : asset.publicId.substring(0, slash));
        if (!shown.fields().isEmpty()) {
            return AssetView.of(base, asset).with(changed)
                    .only(k -> IDENTITY.contains(k) || shown.fields().contains(k));
        }
        if (!shown.tags()) {
            changed.put("tags", null);
        }
        if (!shown.context()) {
            changed.put("context", null);
        }
        if (!shown.metadata()) {
            changed.put("metadata", null);
        } else if (asset.metadata.isEmpty()) {
            changed.put("metadata", Map.of());
        }
        if (!shown.moderations()) {
            changed.put("moderation", null);
            changed.put("moderation_kind", null);
        }
        return AssetView.of(base, asset).with(changed);
    }

    private static void checkMaxResults(int maxResults) {
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw ApiException.badRequest("max_results must be between 1 and " + MAX_RESULTS);
        }
    }

    private static Optional<ListingQuery.After> after(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = decodeCursor(cursor).split("\\|", 2);
        if (parts.length != 2) {
            throw ApiException.badRequest("Invalid next_cursor");
        }
        try {
            return Optional.of(new ListingQuery.After(Instant.parse(parts[0]), parts[1]));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid next_cursor");
        }
    }

    static String encodeCursor(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid next_cursor");
        }
    }
}
