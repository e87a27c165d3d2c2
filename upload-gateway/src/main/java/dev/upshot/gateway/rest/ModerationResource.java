package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.AccessControl;
import dev.upshot.gateway.service.AdminService;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.Coordinates;
import dev.upshot.gateway.service.AssetListings;
import dev.upshot.gateway.service.AssetView;
import dev.upshot.gateway.service.ListingQuery;
import dev.upshot.gateway.service.ResourceUpdates;
import dev.upshot.gateway.service.StoredAssetWork;
import dev.upshot.gateway.service.UploadParameters;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The moderation part of the Admin API: the queue ({@code resourcesByModeration}) and decisions through the SDKs'
 * {@code update} call.
 */
@Path("/v1_1/{cloud}/resources/{resourceType}")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class ModerationResource {
    /** The asset attributes {@code update} sets. */
    private static final Set<String> ATTRIBUTES = Set.of("tags", "context", "metadata", "clear_invalid",
            "custom_coordinates", "access_control");
    /** What {@code update} accepts besides the add-ons; the SDKs add the timestamp to every call. */
    private static final Set<String> UPDATE_FIELDS = Stream.concat(ATTRIBUTES.stream(),
            Stream.of("moderation_status", "notification_url", "timestamp")).collect(Collectors.toUnmodifiableSet());
    /** Cloudinary add-ons this platform does not run; asking for one is an error, never silently ignored. */
    private static final Set<String> UNAVAILABLE_ADD_ONS = Set.of("raw_convert", "background_removal",
            "similarity_search", "visual_search", "auto_chaptering", "auto_transcription");

    private final AssetListings listings;
    private final ResourceUpdates updates;
    private final GatewayConfig config;

    public ModerationResource(AssetListings listings, ResourceUpdates updates, GatewayConfig config) {
        this.listings = listings;
        this.updates = updates;
        this.config = config;
    }

    @GET
    @Path("moderations/{kind}/{status}")
    public Uni<AssetListings.ResourcesPage> queue(@RestPath String cloud, @RestPath String resourceType,
                                                  @RestPath String kind, @RestPath String status,
                                                  @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        return listings.resources(AdminParams.base(config, uri), cloud, List.of(
                        new ListingQuery.ResourceType(resourceType),
                        new ListingQuery.Moderation(Optional.of(kind), AdminService.queueStatus(status))),
                ListingParams.paging(query), ListingParams.shown(query));
    }

    /**
     * The SDKs' {@code update}: {@code tags}, {@code context}, {@code metadata} (with {@code clear_invalid}),
     * {@code custom_coordinates}, {@code moderation_status} and add-ons, any together.
     */
    @POST
    @Path("{type}/{publicId: .+}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<AssetView> update(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                                 @RestPath String publicId, @Context UriInfo uri,
                                 MultivaluedMap<String, String> form) {
        Map<String, String> addOns = new LinkedHashMap<>();
        for (String name : form.keySet()) {
            String value = form.getFirst(name);
            if (StoredAssetWork.UPDATE_ADD_ONS.contains(name)) {
                addOns.put(name, checkedAddOn(name, value));
            } else if (UNAVAILABLE_ADD_ONS.contains(name)) {
                throw ApiException.badRequest("Illegal value '" + value + "' for " + name
                        + ": this add-on is not available on this server");
            } else if (!UPDATE_FIELDS.contains(name)) {
                throw ApiException.badRequest("Unsupported update parameter: " + name);
            }
        }
        Optional<String> status = text(form, "moderation_status");
        ResourceUpdates.Attributes attributes = new ResourceUpdates.Attributes(
                text(form, "tags").map(UploadParameters::tags),
                text(form, "context").map(UploadParameters::context),
                text(form, "metadata").map(UploadParameters::metadata).orElse(Map.of()),
                AdminParams.bool("clear_invalid", form.getFirst("clear_invalid"), false),
                text(form, "custom_coordinates").map(v -> Coordinates.rectangles("custom_coordinates", v)),
                Optional.ofNullable(form.getFirst("access_control")).map(AccessControl::parse));
        if (status.isEmpty() && addOns.isEmpty() && form.keySet().stream().noneMatch(ATTRIBUTES::contains)) {
            throw ApiException.badRequest("Missing required parameter - moderation_status");
        }
        return updates.update(AdminParams.base(config, uri), cloud, resourceType, type, publicId, attributes,
                status, addOns, text(form, "notification_url"));
    }

    private static Optional<String> text(MultivaluedMap<String, String> form, String name) {
        return Optional.ofNullable(form.getFirst(name)).filter(v -> !v.isEmpty());
    }

    /** An add-on value the platform does not run is refused in Cloudinary's words ({@code Illegal value}). */
    private static String checkedAddOn(String name, String value) {
        try {
            UploadParameters.parse(Map.of(name, value == null ? "" : value, "public_id", "update"));
        } catch (ApiException e) {
            throw ApiException.badRequest("Illegal value '" + value + "' for " + name + ": " + e.getMessage());
        }
        return value;
    }
}
