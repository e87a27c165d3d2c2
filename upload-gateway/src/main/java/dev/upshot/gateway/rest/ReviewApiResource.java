package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.ReviewQueue;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The review page's own JSON endpoints, served to review sessions only (HTTP Basic is not accepted here, and the
 * session cookie is not accepted by the Admin API): the queue as the page shows it, and decisions, which go through
 * the Admin API's {@code update} path.
 */
@Path("/v1_1/{cloud}/moderation/review/api")
public class ReviewApiResource {
    private final ReviewGuard guard;
    private final ReviewQueue queue;
    private final GatewayConfig config;

    public ReviewApiResource(ReviewGuard guard, ReviewQueue queue, GatewayConfig config) {
        this.guard = guard;
        this.queue = queue;
        this.config = config;
    }

    /**
     * One page of the queue with thumbnails, previews, resolved duplicate matches and the counts by kind and status.
     *
     * @param kind empty or absent: every kind
     */
    @GET
    @Path("queue")
    public Uni<Response> queue(@RestPath String cloud, @CookieParam(ReviewGuard.COOKIE) String cookie,
                               @RestQuery("resource_type") String resourceType, @RestQuery String kind,
                               @RestQuery String status, @RestQuery("max_results") String maxResults,
                               @RestQuery("next_cursor") String cursor, @Context UriInfo uri) {
        int max = AdminParams.integer("max_results", maxResults, 20);
        return guard.session(cloud, cookie)
                .chain(s -> queue.queue(AdminParams.base(config, uri), cloud,
                        resourceType == null || resourceType.isEmpty() ? "image" : resourceType,
                        Optional.ofNullable(kind).filter(k -> !k.isEmpty()),
                        status == null || status.isEmpty() ? "pending" : status, max, cursor))
                .map(this::json);
    }

    /**
     * {@code {"status": "approved"|"rejected", "resources": [{"resource_type", "type", "public_id"}, …]}}: the
     * decided resources as the Admin API shows them, and an error per resource that could not be decided.
     */
    @POST
    @Path("decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> decide(@RestPath String cloud, @CookieParam(ReviewGuard.COOKIE) String cookie,
                                @RestHeader(ReviewGuard.CSRF_HEADER) String csrf, @RestHeader("Origin") String origin,
                                @RestHeader("Referer") String referer, @Context UriInfo uri, JsonNode body) {
        return guard.changing(cloud, cookie, csrf, origin, referer, uri).chain(s -> {
            if (body == null || !body.path("status").isTextual() || !body.path("resources").isArray()) {
                throw ApiException.badRequest("Send {\"status\": \"approved\"|\"rejected\", \"resources\": "
                        + "[{\"resource_type\", \"type\", \"public_id\"}]}");
            }
            List<Map<String, String>> resources = new ArrayList<>();
            for (JsonNode r : body.path("resources")) {
                if (!r.path("public_id").isTextual()) {
                    throw ApiException.badRequest("Missing required parameter - public_id");
                }
                resources.add(Map.of("resource_type", r.path("resource_type").asText("image"),
                        "type", r.path("type").asText("upload"), "public_id", r.path("public_id").asText()));
            }
            return queue.decide(AdminParams.base(config, uri), cloud, body.path("status").asText(),
                    resources);
        }).map(this::json);
    }

    private Response json(Object body) {
        return guard.headers(Response.ok(body, MediaType.APPLICATION_JSON)).build();
    }
}
