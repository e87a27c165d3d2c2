package dev.upshot.gateway.rest;

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

    @GET
    @Path("resources/{resourceType}")
    public Uni<ObjectNode> listByType(@RestPath String cloud, @RestPath String resourceType,
                                      @RestHeader(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return list(cloud, resourceType, "upload", auth, uri);
    }

    @GET
    @Path("resources/{resourceType}/{type}")
    public Uni<ObjectNode> list(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                                @RestHeader(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        accounts.basicAuth(cloud, auth);
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        int maxResults = parseInt("max_results", query.getFirst("max_results"), 10);
        return admin.list(base(uri), cloud, resourceType, query.getFirst("type") != null ? query.getFirst("type") : type,
                query.getFirst("prefix"), maxResults, query.getFirst("next_cursor"));
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
        List<String> values = new ArrayList<>();
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        values.addAll(query.getOrDefault("public_ids[]", List.of()));
        values.addAll(query.getOrDefault("public_ids", List.of()));
        values.addAll(idsFromBody(body == null ? "" : body.strip()));
        List<String> ids = values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(v -> !v.isEmpty()).distinct().toList();
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
            if (eq > 0 && (name.equals("public_ids[]") || name.equals("public_ids"))) {
                ids.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
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
