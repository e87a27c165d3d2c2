package dev.upshot.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.Accounts;
import dev.upshot.gateway.service.AdminService;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.MetadataFields;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admin API under {@code /v1_1/{cloud}}, HTTP Basic with the account's key and secret. Public ids in paths arrive
 * raw (Java SDK) or with {@code %2F} (Node SDK); both decode to the same id.
 */
@Path("/v1_1/{cloud}")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final Accounts accounts;
    private final AdminService admin;
    private final MetadataFields metadataFields;
    private final GatewayConfig config;

    public AdminResource(Accounts accounts, AdminService admin, MetadataFields metadataFields, GatewayConfig config) {
        this.accounts = accounts;
        this.admin = admin;
        this.metadataFields = metadataFields;
        this.config = config;
    }

    @GET
    @Path("ping")
    public ObjectNode ping(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return EventCodec.mapper().createObjectNode().put("status", "ok");
    }

    /** {@code resource_types}: the resource types the account has assets of. */
    public record ResourceTypes(@JsonProperty("resource_types") List<String> resourceTypes) {
    }

    @GET
    @Path("resources")
    public Uni<ResourceTypes> resourceTypes(@RestPath String cloud,
                                            @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return admin.resourceTypes(cloud).map(ResourceTypes::new);
    }

    /** Every delivery type unless {@code type} is given. */
    @GET
    @Path("resources/{resourceType}")
    public Uni<AdminService.ResourcesPage> listByType(@RestPath String cloud, @RestPath String resourceType,
                                                      @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                                      @Context UriInfo uri) {
        return list(cloud, resourceType, null, null, auth, uri);
    }

    @GET
    @Path("resources/{resourceType}/{type}")
    public Uni<AdminService.ResourcesPage> list(@RestPath String cloud, @RestPath String resourceType,
                                                @RestPath String type,
                                                @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                                @Context UriInfo uri) {
        return list(cloud, resourceType, type, null, auth, uri);
    }

    @GET
    @Path("resources/{resourceType}/tags/{tag}")
    public Uni<AdminService.ResourcesPage> listByTag(@RestPath String cloud, @RestPath String resourceType,
                                                     @RestPath String tag,
                                                     @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                                     @Context UriInfo uri) {
        return list(cloud, resourceType, null, tag, auth, uri);
    }

    /**
     * {@code prefix} (literal), {@code public_ids[]}, {@code start_at}, {@code direction} (desc, the default, or
     * asc, also -1/1),
     * {@code max_results}, {@code next_cursor}, {@code fields}; {@code type} in the query wins over the path's.
     */
    private Uni<AdminService.ResourcesPage> list(String cloud, String resourceType, String pathType, String tag,
                                                 String auth, UriInfo uri) {
        accounts.basicAuth(cloud, auth);
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
        return admin.resources(base(uri), cloud,
                new AdminService.Filter(resourceType, type, query.getFirst("prefix"), publicIds, tag,
                        startAt(query.getFirst("start_at"))), ascending,
                parseInt("max_results", query.getFirst("max_results"), 10), query.getFirst("next_cursor"), fields);
    }

    @GET
    @Path("resources/{resourceType}/{type}/{publicId: .+}")
    public Uni<ObjectNode> details(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                                   @RestPath String publicId, @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                   @Context UriInfo uri) {
        accounts.basicAuth(cloud, auth);
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        Set<String> flags = new HashSet<>();
        for (String flag : AdminService.RESULT_FLAGS.keySet()) {
            if (Boolean.parseBoolean(query.getFirst(flag)) || "1".equals(query.getFirst(flag))) {
                flags.add(flag);
            }
        }
        return admin.details(base(uri), cloud, resourceType, type, publicId, flags);
    }

    /** The Java SDK sends the ids in a urlencoded body, the Node SDK in the query; JSON bodies work too. */
    @DELETE
    @Path("resources/{resourceType}/{type}")
    @Consumes(MediaType.WILDCARD)
    public Uni<ObjectNode> delete(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                                  @RestHeader(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri,
                                  String body) {
        accounts.basicAuth(cloud, auth);
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        List<String> values = new ArrayList<>(query.getOrDefault("public_ids[]", List.of()));
        query.getOrDefault("public_ids", List.of()).forEach(v -> values.addAll(Arrays.asList(v.split(","))));
        values.addAll(idsFromBody(body == null ? "" : body.strip()));
        List<String> ids = values.stream().filter(v -> !v.isBlank()).distinct().toList();
        return admin.delete(cloud, resourceType, type, ids);
    }

    private static List<String> idsFromBody(String body) {
        List<String> ids = new ArrayList<>();
        if (body.startsWith("{")) {
            try {
                EventCodec.mapper().readTree(body).path("public_ids").forEach(n -> ids.add(n.asText()));
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

    @GET
    @Path("upload_presets")
    public Uni<ObjectNode> presets(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return admin.presets(cloud);
    }

    @POST
    @Path("upload_presets")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<ObjectNode> createPreset(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                        MultivaluedMap<String, String> form) {
        accounts.basicAuth(cloud, auth);
        Map<String, String> settings = settings(form);
        String name = settings.remove("name");
        boolean unsigned = parseBool("unsigned", settings.remove("unsigned"), false);
        settings.remove("disallow_public_id");
        return admin.createPreset(cloud, name, unsigned, settings);
    }

    @GET
    @Path("upload_presets/{name}")
    public Uni<ObjectNode> preset(@RestPath String cloud, @RestPath String name,
                                  @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return admin.preset(cloud, name);
    }

    @PUT
    @Path("upload_presets/{name}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<ObjectNode> updatePreset(@RestPath String cloud, @RestPath String name,
                                        @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                        MultivaluedMap<String, String> form) {
        accounts.basicAuth(cloud, auth);
        Map<String, String> settings = settings(form);
        String unsigned = settings.remove("unsigned");
        settings.remove("disallow_public_id");
        return admin.updatePreset(cloud, name, unsigned == null ? null : parseBool("unsigned", unsigned, false),
                settings);
    }

    @DELETE
    @Path("upload_presets/{name}")
    public Uni<ObjectNode> deletePreset(@RestPath String cloud, @RestPath String name,
                                        @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return admin.deletePreset(cloud, name);
    }

    @GET
    @Path("metadata_fields")
    public Uni<ObjectNode> metadataFields(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return metadataFields.list(cloud);
    }

    /** The SDKs send metadata field requests as JSON bodies. */
    @POST
    @Path("metadata_fields")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> createMetadataField(@RestPath String cloud,
                                               @RestHeader(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) {
        accounts.basicAuth(cloud, auth);
        return metadataFields.create(cloud, body);
    }

    @GET
    @Path("metadata_fields/{id}")
    public Uni<ObjectNode> metadataField(@RestPath String cloud, @RestPath String id,
                                         @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return metadataFields.get(cloud, id);
    }

    @PUT
    @Path("metadata_fields/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> updateMetadataField(@RestPath String cloud, @RestPath String id,
                                               @RestHeader(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) {
        accounts.basicAuth(cloud, auth);
        return metadataFields.update(cloud, id, body);
    }

    @DELETE
    @Path("metadata_fields/{id}")
    @Consumes(MediaType.WILDCARD)
    public Uni<ObjectNode> deleteMetadataField(@RestPath String cloud, @RestPath String id,
                                               @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return metadataFields.delete(cloud, id);
    }

    @PUT
    @Path("metadata_fields/{id}/datasource")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> updateDatasource(@RestPath String cloud, @RestPath String id,
                                            @RestHeader(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) {
        accounts.basicAuth(cloud, auth);
        return metadataFields.updateDatasource(cloud, id, body);
    }

    @DELETE
    @Path("metadata_fields/{id}/datasource")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> deleteDatasourceValues(@RestPath String cloud, @RestPath String id,
                                                  @RestHeader(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) {
        accounts.basicAuth(cloud, auth);
        return metadataFields.deleteDatasourceValues(cloud, id, body);
    }

    private URI base(UriInfo uri) {
        return config.publicBaseUrl().orElse(uri.getBaseUri());
    }

    /**
     * Form fields, arrays ({@code tags[]}) joined with commas as upload parameters expect. The Node SDK adds a
     * {@code timestamp} to every Admin call; authentication fields are not settings.
     */
    private static Map<String, String> settings(MultivaluedMap<String, String> form) {
        Map<String, String> settings = new LinkedHashMap<>();
        form.forEach((name, values) -> settings.put(name.replace("[]", ""), String.join(",", values)));
        settings.keySet().removeAll(List.of("timestamp", "signature", "api_key"));
        return settings;
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

    private static int parseInt(String name, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number");
        }
    }

    private static boolean parseBool(String name, String value, boolean fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return switch (value.toLowerCase()) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw ApiException.badRequest("Invalid boolean value for " + name + ": '" + value + "'");
        };
    }
}
