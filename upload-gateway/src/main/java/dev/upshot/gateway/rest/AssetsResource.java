package dev.upshot.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.AdminService;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.AssetListings;
import dev.upshot.gateway.service.AssetView;
import dev.upshot.gateway.service.ListingQuery;
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
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Admin API {@code /v1_1/{cloud}/resources}: listings (by type, prefix, ids, tag, context, asset ids), details
 * and deletion of assets. Public ids in paths arrive
 * raw (Java SDK) or with {@code %2F} (Node SDK); both decode to the same id.
 */
@Path("/v1_1/{cloud}/resources")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class AssetsResource {
    private static final Set<String> RESOURCE_TYPES = Set.of("image", "video", "raw");
    /** Cloudinary's limit on ids per listing call. */
    private static final int MAX_IDS = 100;

    private final AdminService admin;
    private final AssetListings listings;
    private final GatewayConfig config;
    private final ObjectMapper json;

    public AssetsResource(AdminService admin, AssetListings listings, GatewayConfig config, ObjectMapper json) {
        this.admin = admin;
        this.listings = listings;
        this.config = config;
        this.json = json;
    }

    /** {@code resource_types}: the resource types the account has assets of. */
    public record ResourceTypes(@JsonProperty("resource_types") List<String> resourceTypes) {
    }

    /**
     * {@code {"deleted":{id:"deleted"|"not_found"},"partial":false}}; a delete by prefix, tag or {@code all} that
     * left assets for the next call answers {@code partial: true} and the {@code next_cursor} to pass to it.
     */
    public record Deleted(Map<String, String> deleted, boolean partial,
                          @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {
        static Deleted of(AdminService.BulkDeleted bulk) {
            return new Deleted(bulk.deleted(), bulk.nextCursor() != null, bulk.nextCursor());
        }
    }

    @GET
    public Uni<ResourceTypes> resourceTypes(@RestPath String cloud) {
        return listings.resourceTypes(cloud).map(ResourceTypes::new);
    }

    /**
     * Every delivery type unless {@code type} is given. A segment that is no resource type is an asset id: the SDKs'
     * {@code resource_by_asset_id} ({@code GET resources/{asset_id}}) shares this path.
     */
    @GET
    @Path("{resourceType}")
    public Uni<?> listByTypeOrAssetId(@RestPath String cloud, @RestPath String resourceType, @Context UriInfo uri) {
        if (!RESOURCE_TYPES.contains(resourceType)) {
            return admin.detailsByAssetId(AdminParams.base(config, uri), cloud, resourceType,
                    resultFlags(uri.getQueryParameters()));
        }
        return listing(cloud, resourceType, null, uri);
    }

    @GET
    @Path("{resourceType}/{type}")
    public Uni<AssetListings.ResourcesPage> list(@RestPath String cloud, @RestPath String resourceType,
                                                 @RestPath String type, @Context UriInfo uri) {
        return listing(cloud, resourceType, type, uri);
    }

    @GET
    @Path("{resourceType}/tags/{tag}")
    public Uni<AssetListings.ResourcesPage> listByTag(@RestPath String cloud, @RestPath String resourceType,
                                                      @RestPath String tag, @Context UriInfo uri) {
        return page(cloud, uri, new ListingQuery.ResourceType(resourceType), new ListingQuery.Tag(tag));
    }

    /** The SDKs' {@code resources_by_context}: assets with the context {@code key}, with {@code value} if given. */
    @GET
    @Path("{resourceType}/context")
    public Uni<AssetListings.ResourcesPage> listByContext(@RestPath String cloud, @RestPath String resourceType,
                                                          @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        String key = query.getFirst("key");
        if (key == null || key.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - key");
        }
        return page(cloud, uri, new ListingQuery.ResourceType(resourceType), new ListingQuery.Context(key,
                Optional.ofNullable(query.getFirst("value")).filter(v -> !v.isEmpty())));
    }

    /** The SDKs' {@code resources_by_asset_ids}: up to 100 {@code asset_ids[]}, of any resource type. */
    @GET
    @Path("by_asset_ids")
    public Uni<AssetListings.ResourcesPage> listByAssetIds(@RestPath String cloud, @Context UriInfo uri) {
        List<String> ids = ListingParams.list(uri.getQueryParameters(), "asset_ids");
        if (ids.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - asset_ids");
        }
        if (ids.size() > MAX_IDS) {
            throw ApiException.badRequest("At most " + MAX_IDS + " asset_ids per request");
        }
        return page(cloud, uri, new ListingQuery.AssetIds(ids));
    }

    /**
     * {@code prefix} (literal), {@code public_ids[]} (≤ 100), {@code start_at}; {@code type} in the query wins over
     * the path's.
     */
    private Uni<AssetListings.ResourcesPage> listing(String cloud, String resourceType, String pathType,
                                                     UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        List<ListingQuery.Criterion> criteria = new ArrayList<>(List.of(new ListingQuery.ResourceType(resourceType)));
        String type = query.getFirst("type") != null ? query.getFirst("type") : pathType;
        if (type != null && !type.isEmpty()) {
            criteria.add(new ListingQuery.DeliveryType(type));
        }
        String prefix = query.getFirst("prefix");
        if (prefix != null && !prefix.isEmpty()) {
            criteria.add(new ListingQuery.Prefix(prefix));
        }
        List<String> publicIds = ListingParams.list(query, "public_ids");
        if (publicIds.size() > MAX_IDS) {
            throw ApiException.badRequest("At most " + MAX_IDS + " public_ids per request");
        }
        if (!publicIds.isEmpty()) {
            criteria.add(new ListingQuery.PublicIds(publicIds));
        }
        startAt(query.getFirst("start_at")).ifPresent(at -> criteria.add(new ListingQuery.CreatedFrom(at)));
        return page(cloud, uri, criteria.toArray(ListingQuery.Criterion[]::new));
    }

    private Uni<AssetListings.ResourcesPage> page(String cloud, UriInfo uri, ListingQuery.Criterion... criteria) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        return listings.resources(AdminParams.base(config, uri), cloud, List.of(criteria),
                ListingParams.paging(query), ListingParams.shown(query));
    }

    @GET
    @Path("{resourceType}/{type}/{publicId: .+}")
    public Uni<AssetView> details(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                                  @RestPath String publicId, @Context UriInfo uri) {
        return admin.details(AdminParams.base(config, uri), cloud, resourceType, type, publicId,
                resultFlags(uri.getQueryParameters()));
    }

    private static Set<String> resultFlags(MultivaluedMap<String, String> query) {
        Set<String> flags = new HashSet<>();
        for (String flag : AdminService.DETAIL_FLAGS) {
            if (Boolean.parseBoolean(query.getFirst(flag)) || "1".equals(query.getFirst(flag))) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /**
     * By {@code public_ids[]} (each taken literally; a bare {@code public_ids} is comma-separated), by
     * {@code prefix}, or everything ({@code all=true}). The Java SDK sends the parameters in a urlencoded body, the
     * Node SDK in the query; JSON bodies work too.
     */
    @DELETE
    @Path("{resourceType}/{type}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Deleted> delete(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                               @Context UriInfo uri, String body) {
        Map<String, List<String>> params = deleteParams(uri, body);
        String prefix = first(params, "prefix");
        boolean all = AdminParams.bool("all", first(params, "all"), false);
        if (prefix != null || all) {
            return admin.deleteMatching(cloud, resourceType, type, prefix, null, first(params, "next_cursor"))
                    .map(Deleted::of);
        }
        List<String> values = new ArrayList<>(params.getOrDefault("public_ids[]", List.of()));
        // a bare public_ids is Cloudinary's comma-separated list; public_ids[] values are taken literally
        params.getOrDefault("public_ids", List.of()).forEach(v -> values.addAll(Arrays.asList(v.split(","))));
        List<String> ids = values.stream().filter(v -> !v.isBlank()).distinct().toList();
        return admin.delete(cloud, resourceType, type, ids).map(deleted -> new Deleted(deleted, false, null));
    }

    /** Every asset of the resource type with this tag, of any delivery type. */
    @DELETE
    @Path("{resourceType}/tags/{tag}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Deleted> deleteByTag(@RestPath String cloud, @RestPath String resourceType, @RestPath String tag,
                                    @Context UriInfo uri, String body) {
        return admin.deleteMatching(cloud, resourceType, null, null, tag,
                first(deleteParams(uri, body), "next_cursor")).map(Deleted::of);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.getFirst().isEmpty() ? null : values.getFirst();
    }

    /** The query's parameters and the body's (urlencoded, or a JSON object of strings, booleans and lists). */
    private Map<String, List<String>> deleteParams(UriInfo uri, String body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> params.put(name, new ArrayList<>(values)));
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            try {
                json.readTree(text).properties().forEach(e -> {
                    List<String> values = params.computeIfAbsent(e.getKey() + (e.getValue().isArray() ? "[]" : ""),
                            n -> new ArrayList<>());
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(v -> values.add(v.asText()));
                    } else {
                        values.add(e.getValue().asText());
                    }
                });
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("Malformed JSON body");
            }
            return params;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq > 0 ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /**
     * {@code start_at}: assets created at or after this time, ISO-8601 or RFC 1123 (the Node SDK sends a
     * {@code Date} as {@code toUTCString()}: {@code Sun, 31 Jan 2026 12:00:00 GMT}).
     */
    private static Optional<Instant> startAt(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException notIso) {
            try {
                return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value)));
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("Invalid start_at '" + value + "': an ISO-8601 time such as "
                        + "2026-01-31T12:00:00Z or an RFC 1123 one such as Sat, 31 Jan 2026 12:00:00 GMT is expected");
            }
        }
    }
}
