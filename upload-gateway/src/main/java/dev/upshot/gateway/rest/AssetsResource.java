package dev.upshot.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.AdminService;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.AssetView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Admin API {@code /v1_1/{cloud}/resources}: listings, details and deletion of assets. Public ids in paths arrive
 * raw (Java SDK) or with {@code %2F} (Node SDK); both decode to the same id.
 */
@Path("/v1_1/{cloud}/resources")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class AssetsResource {
    private final AdminService admin;
    private final GatewayConfig config;
    private final ObjectMapper json;

    public AssetsResource(AdminService admin, GatewayConfig config, ObjectMapper json) {
        this.admin = admin;
        this.config = config;
        this.json = json;
    }

    /** {@code resource_types}: the resource types the account has assets of. */
    public record ResourceTypes(@JsonProperty("resource_types") List<String> resourceTypes) {
    }

    /** {@code {"deleted":{id:"deleted"|"not_found"},"partial":false}}. */
    public record Deleted(Map<String, String> deleted, boolean partial) {
    }

    @GET
    public Uni<ResourceTypes> resourceTypes(@RestPath String cloud) {
        return admin.resourceTypes(cloud).map(ResourceTypes::new);
    }

    /** Every delivery type unless {@code type} is given. */
    @GET
    @Path("{resourceType}")
    public Uni<AdminService.ResourcesPage> listByType(@RestPath String cloud, @RestPath String resourceType,
                                                      @Context UriInfo uri) {
        return list(cloud, resourceType, null, null, uri);
    }

    @GET
    @Path("{resourceType}/{type}")
    public Uni<AdminService.ResourcesPage> list(@RestPath String cloud, @RestPath String resourceType,
                                                @RestPath String type, @Context UriInfo uri) {
        return list(cloud, resourceType, type, null, uri);
    }

    @GET
    @Path("{resourceType}/tags/{tag}")
    public Uni<AdminService.ResourcesPage> listByTag(@RestPath String cloud, @RestPath String resourceType,
                                                     @RestPath String tag, @Context UriInfo uri) {
        return list(cloud, resourceType, null, tag, uri);
    }

    /**
     * {@code prefix} (literal), {@code public_ids[]}, {@code start_at}, {@code direction} (desc, the default, or
     * asc, also -1/1), {@code max_results}, {@code next_cursor}, {@code fields}; {@code type} in the query wins over
     * the path's.
     */
    private Uni<AdminService.ResourcesPage> list(String cloud, String resourceType, String pathType, String tag,
                                                 UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        String type = query.getFirst("type") != null ? query.getFirst("type") : pathType;
        List<String> publicIds = new ArrayList<>(query.getOrDefault("public_ids[]", List.of()));
        publicIds.addAll(query.getOrDefault("public_ids", List.of()));
        boolean ascending = switch (query.getFirst("direction") == null ? "desc" : query.getFirst("direction")) {
            case "asc", "1" -> true;
            case "desc", "-1" -> false;
            default -> throw ApiException.badRequest("Invalid direction " + query.getFirst("direction")
                    + "; one of asc, desc, 1, -1");
        };
        Set<String> fields = new HashSet<>();
        for (String value : query.getOrDefault("fields", List.of())) {
            Arrays.stream(value.split(",")).map(String::strip).filter(f -> !f.isEmpty()).forEach(fields::add);
        }
        return admin.resources(AdminParams.base(config, uri), cloud,
                new AdminService.Filter(resourceType, type, query.getFirst("prefix"), publicIds, tag,
                        startAt(query.getFirst("start_at"))), ascending,
                AdminParams.integer("max_results", query.getFirst("max_results"), 10), query.getFirst("next_cursor"),
                fields);
    }

    @GET
    @Path("{resourceType}/{type}/{publicId: .+}")
    public Uni<AssetView> details(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                                  @RestPath String publicId, @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        Set<String> flags = new HashSet<>();
        for (String flag : AdminService.RESULT_FLAGS.keySet()) {
            if (Boolean.parseBoolean(query.getFirst(flag)) || "1".equals(query.getFirst(flag))) {
                flags.add(flag);
            }
        }
        return admin.details(AdminParams.base(config, uri), cloud, resourceType, type, publicId, flags);
    }

    /** The Java SDK sends the ids in a urlencoded body, the Node SDK in the query; JSON bodies work too. */
    @DELETE
    @Path("{resourceType}/{type}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Deleted> delete(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                               @Context UriInfo uri, String body) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        List<String> values = new ArrayList<>(query.getOrDefault("public_ids[]", List.of()));
        query.getOrDefault("public_ids", List.of()).forEach(v -> values.addAll(Arrays.asList(v.split(","))));
        values.addAll(idsFromBody(body == null ? "" : body.strip()));
        List<String> ids = values.stream().filter(v -> !v.isBlank()).distinct().toList();
        return admin.delete(cloud, resourceType, type, ids).map(deleted -> new Deleted(deleted, false));
    }

    private List<String> idsFromBody(String body) {
        List<String> ids = new ArrayList<>();
        if (body.startsWith("{")) {
            try {
                json.readTree(body).path("public_ids").forEach(n -> ids.add(n.asText()));
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("Malformed JSON body");
            }
            return ids;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq > 0 ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
            if (name.equals("public_ids[]")) {
                ids.add(value);
            } else if (name.equals("public_ids")) {
                // a bare public_ids is Cloudinary's comma-separated list; public_ids[] values are taken literally
                ids.addAll(Arrays.asList(value.split(",")));
            }
        }
        return ids;
    }

    /** {@code start_at}: assets created at or after this ISO-8601 time. */
    private static Instant startAt(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid start_at '" + value + "': an ISO-8601 time such as "
                    + "2026-01-31T12:00:00Z is expected");
        }
    }
}
