package dev.upshot.gateway.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.gateway.config.ReviewConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.ModerationStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The review page's view of the moderation queue: Admin API resources plus what a reviewer looks at (thumbnail
 * and preview derivatives, the assets that duplicate matches point to, the counts by kind and status). Decisions
 * go through {@link ResourceUpdates#update}, the Admin API's own path, so notifications and the moderation
 * worker's duplicate index hear them.
 */
@ApplicationScoped
public class ReviewQueue {
    public static final int MAX_DECISIONS = 100;

    private final AssetListings listings;
    private final ResourceUpdates updates;
    private final Pool pool;
    private final String thumbnail;
    private final String preview;

    public ReviewQueue(AssetListings listings, ResourceUpdates updates, Pool pool, ReviewConfig config) {
        this.listings = listings;
        this.updates = updates;
        this.pool = pool;
        // canonical, as delivery compares them (DerivedDelivery allows exactly these)
        this.thumbnail = Transformation.parse(config.thumbnail()).chain();
        this.preview = Transformation.parse(config.preview()).chain();
    }

    /** The chains delivery must make on request for the page: thumbnail and preview. */
    public Set<String> transformations() {
        return Set.of(thumbnail, preview);
    }

    /** A page of the queue and the counts by kind and status. */
    public record Queue(List<AssetView> resources,
                        @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor,
                        List<Count> counts) {
    }

    public record Count(String kind, String status, long count) {
    }

    /** The decided resources as the Admin API shows them, and why each of the others could not be decided. */
    public record Decisions(List<AssetView> resources, List<Refused> errors) {
    }

    public record Refused(@JsonProperty("public_id") String publicId, String message) {
    }

    /** @param kind empty: every kind */
    public Uni<Queue> queue(URI base, String cloud, String resourceType, Optional<String> kind, String status,
                            int maxResults, String cursor) {
        Uni<AssetListings.ResourcesPage> page = listings.resources(base, cloud, List.of(
                        new ListingQuery.ResourceType(resourceType),
                        new ListingQuery.Moderation(kind, AdminService.queueStatus(status))),
                // oldest first: reviewers work the queue in the order it filled
                new AssetListings.Paging(true, maxResults, cursor), AssetListings.Shown.ALL);
        return page.chain(p -> withMatches(base, cloud, p.resources()).chain(() -> counts(cloud, resourceType))
                .map(counts -> new Queue(p.resources().stream().map(r -> withPreviews(base, cloud, r)).toList(),
                        p.nextCursor(), counts)));
    }

    /** Decides each resource in turn; one that cannot be decided (gone, say) is reported, the rest still are. */
    public Uni<Decisions> decide(URI base, String cloud, String status, List<Map<String, String>> resources) {
        if (ModerationStatus.decision(status).isEmpty()) {
            throw ApiException.badRequest("Invalid moderation_status: '" + status + "' (approved or rejected)");
        }
        if (resources.isEmpty() || resources.size() > MAX_DECISIONS) {
            throw ApiException.badRequest("Give between 1 and " + MAX_DECISIONS + " resources to decide");
        }
        // filled in turn: one decision runs at a time
        List<AssetView> decided = new ArrayList<>();
        List<Refused> errors = new ArrayList<>();
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Map<String, String> r : resources) {
            String publicId = r.get("public_id");
            done = done.chain(() -> updates.update(base, cloud, r.get("resource_type"), r.get("type"), publicId,
                            ResourceUpdates.Attributes.NONE, Optional.of(status), Map.of(), Optional.empty())
                    .invoke(decided::add)
                    .onFailure(ApiException.class).recoverWithItem(e -> {
                        errors.add(new Refused(publicId, e.getMessage()));
                        return null;
                    })
                    .replaceWithVoid());
        }
        return done.map(x -> new Decisions(decided, errors));
    }

    /**
     * Every duplicate match gets the matched asset's URL and thumbnail (when it still exists). The matches are
     * annotated where they are: a view's moderation responses are its own copies.
     */
    private Uni<Void> withMatches(URI base, String cloud, List<AssetView> resources) {
        List<ObjectNode> matches = resources.stream()
                .filter(r -> r.resource().moderation() != null)
                .flatMap(r -> r.resource().moderation().stream())
                .filter(m -> m.response() != null)
                .flatMap(m -> m.response().path("duplicates").valueStream())
                .filter(JsonNode::isObject).map(ObjectNode.class::cast).toList();
        List<String> ids = matches.stream().map(m -> m.path("asset_id").asText()).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<List<Asset>> matched = Panache.withSession(() -> Asset.list("cloud = ?1 and assetId in ?2", cloud, ids));
        return matched.invoke(assets -> {
            Map<String, AssetView> views = new HashMap<>();
            assets.forEach(a -> views.put(a.assetId, withPreviews(base, cloud, AssetView.of(base, a))));
            matches.forEach(m -> {
                AssetView view = views.get(m.path("asset_id").asText());
                if (view == null) {
                    m.put("deleted", true);
                } else {
                    m.put("url", view.resource().secureUrl());
                    ModerationStatus status = view.resource().moderationStatus();
                    m.put("moderation_status", status == null ? null : status.wire());
                    if (view.previews() != null) {
                        m.put("thumbnail_url", view.previews().thumbnailUrl());
                    }
                }
            });
        }).replaceWithVoid();
    }

    /** {@code [{kind, status, count}]} over the resource type's assets with a moderation chain. */
    private Uni<List<Count>> counts(String cloud, String resourceType) {
        return pool.preparedQuery("select moderation_kind, moderation_status, count(*) from asset "
                        + "where cloud = $1 and resource_type = $2 and moderation_kind is not null "
                        + "group by 1, 2 order by 1, 2")
                .execute(Tuple.of(cloud, resourceType)).map(rows -> {
                    List<Count> counts = new ArrayList<>();
                    rows.forEach(row -> counts.add(new Count(row.getString(0), row.getString(1), row.getLong(2))));
                    return counts;
                });
    }

    /** Delivered images get thumbnail and preview URLs: derived versions, not the full original. */
    private AssetView withPreviews(URI base, String cloud, AssetView view) {
        AssetView.Resource resource = view.resource();
        if (!resource.resourceType().equals("image") || !resource.type().equals("upload")) {
            return view;
        }
        String format = Transformation.normalise(resource.format());
        String extension = Transformation.FORMATS.contains(format) ? format : "jpg";
        String prefix = base.toString().replaceAll("/+$", "") + "/" + cloud + "/image/upload/";
        String tail = "/v" + resource.version() + "/" + AssetView.escape(resource.publicId()) + "." + extension;
        return view.withPreviews(prefix + thumbnail + tail, prefix + preview + tail);
    }
}
