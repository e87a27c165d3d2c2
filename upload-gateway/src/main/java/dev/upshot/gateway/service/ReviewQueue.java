package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
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

    private final AdminService admin;
    private final ResourceUpdates updates;
    private final Pool pool;
    private final String thumbnail;
    private final String preview;

    public ReviewQueue(AdminService admin, ResourceUpdates updates, Pool pool, ReviewConfig config) {
        this.admin = admin;
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

    /** @param kind empty: every kind */
    public Uni<ObjectNode> queue(URI base, String cloud, String resourceType, Optional<String> kind, String status,
                                 int maxResults, String cursor) {
        Uni<ObjectNode> page = kind.isPresent()
                ? admin.listByModeration(base, cloud, resourceType, kind.get(), status, maxResults, cursor)
                : admin.listByModerationStatus(base, cloud, resourceType, status, maxResults, cursor);
        // a copy: the matches below are annotated, and the entries' responses are the entities' own nodes
        return page.map(ObjectNode::deepCopy).chain(body -> withMatches(base, cloud, body))
                .chain(body -> counts(cloud, resourceType).map(counts -> {
                    body.set("counts", counts);
                    body.withArray("resources").forEach(r -> withDerivatives(base, cloud, (ObjectNode) r));
                    return body;
                }));
    }

    /** Decides each resource in turn; one that cannot be decided (gone, say) is reported, the rest still are. */
    public Uni<ObjectNode> decide(URI base, String cloud, String status, List<Map<String, String>> resources) {
        if (ModerationStatus.decision(status).isEmpty()) {
            throw ApiException.badRequest("Invalid moderation_status: '" + status + "' (approved or rejected)");
        }
        if (resources.isEmpty() || resources.size() > MAX_DECISIONS) {
            throw ApiException.badRequest("Give between 1 and " + MAX_DECISIONS + " resources to decide");
        }
        ObjectNode body = EventCodec.mapper().createObjectNode();
        ArrayNode decided = body.putArray("resources");
        ArrayNode errors = body.putArray("errors");
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Map<String, String> r : resources) {
            String publicId = r.get("public_id");
            done = done.chain(() -> updates.update(base, cloud, r.get("resource_type"), r.get("type"), publicId,
                            Optional.of(status), Map.of(), Optional.empty())
                    .invoke(decided::add)
                    .onFailure(ApiException.class).recoverWithItem(e -> {
                        errors.addObject().put("public_id", publicId).put("message", e.getMessage());
                        return null;
                    })
                    .replaceWithVoid());
        }
        return done.map(x -> body);
    }

    /** Every duplicate match gets the matched asset's URL and thumbnail (when it still exists). */
    private Uni<ObjectNode> withMatches(URI base, String cloud, ObjectNode body) {
        List<ObjectNode> matches = body.withArray("resources").valueStream()
                .flatMap(r -> r.path("moderation").valueStream())
                .flatMap(m -> m.path("response").path("duplicates").valueStream())
                .filter(JsonNode::isObject).map(ObjectNode.class::cast).toList();
        List<String> ids = matches.stream().map(m -> m.path("asset_id").asText()).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(body);
        }
        return Panache.withSession(() -> Asset.<Asset>list("cloud = ?1 and assetId in ?2", cloud, ids)).map(assets -> {
            Map<String, ObjectNode> views = new HashMap<>();
            assets.forEach(a -> views.put(a.assetId, withDerivatives(base, cloud, AssetViews.resource(base, a))));
            matches.forEach(m -> {
                ObjectNode view = views.get(m.path("asset_id").asText());
                if (view == null) {
                    m.put("deleted", true);
                } else {
                    m.put("url", view.path("secure_url").asText());
                    m.put("moderation_status", view.path("moderation_status").asText(null));
                    if (view.has("thumbnail_url")) {
                        m.put("thumbnail_url", view.path("thumbnail_url").asText());
                    }
                }
            });
            return body;
        });
    }

    /** {@code [{kind, status, count}]} over the resource type's assets with a moderation chain. */
    private Uni<ArrayNode> counts(String cloud, String resourceType) {
        return pool.preparedQuery("select moderation_kind, moderation_status, count(*) from asset "
                        + "where cloud = $1 and resource_type = $2 and moderation_kind is not null "
                        + "group by 1, 2 order by 1, 2")
                .execute(Tuple.of(cloud, resourceType)).map(rows -> {
                    ArrayNode counts = EventCodec.mapper().createArrayNode();
                    rows.forEach(row -> counts.addObject().put("kind", row.getString(0))
                            .put("status", row.getString(1)).put("count", row.getLong(2)));
                    return counts;
                });
    }

    /** Delivered images get thumbnail and preview URLs: derived versions, not the full original. */
    private ObjectNode withDerivatives(URI base, String cloud, ObjectNode resource) {
        if (!resource.path("resource_type").asText().equals("image")
                || !resource.path("type").asText().equals("upload")) {
            return resource;
        }
        String format = Transformation.normalise(resource.path("format").asText());
        String extension = Transformation.FORMATS.contains(format) ? format : "jpg";
        String prefix = base.toString().replaceAll("/+$", "") + "/" + cloud + "/image/upload/";
        String tail = "/v" + resource.path("version").asLong() + "/" + resource.path("public_id").asText()
                + "." + extension;
        resource.put("thumbnail_url", prefix + thumbnail + tail);
        resource.put("preview_url", prefix + preview + tail);
        return resource;
    }
}
