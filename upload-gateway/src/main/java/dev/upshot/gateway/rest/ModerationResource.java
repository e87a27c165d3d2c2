package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.ModerationStatus;
import dev.upshot.gateway.persistence.WireNames;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.AssetListings;
import dev.upshot.gateway.service.ListingQuery;
import dev.upshot.gateway.service.ResourceUpdates;
import dev.upshot.gateway.service.StoredAssetWork;
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

/**
 * The moderation part of the Admin API: the queue ({@code resourcesByModeration}) and decisions through the SDKs'
 * {@code update} call.
 */
@Path("/v1_1/{cloud}/resources/{resourceType}")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class ModerationResource {
    /** What {@code update} accepts today besides the add-ons; the SDKs add the timestamp to every call. */
    private static final Set<String> UPDATE_FIELDS = Set.of("moderation_status", "notification_url", "timestamp");

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
        ModerationStatus queued = ModerationStatus.parse(status).orElseThrow(() -> ApiException.badRequest(
                "Invalid moderation status " + status + "; one of " + WireNames.all(ModerationStatus.class)));
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        return listings.resources(AdminParams.base(config, uri), cloud, List.of(
                        new ListingQuery.ResourceType(resourceType),
                        new ListingQuery.Moderation(Optional.of(kind), queued)),
                ListingParams.paging(query), ListingParams.shown(query));
    }

    @POST
    @Path("{type}/{publicId: .+}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<ObjectNode> update(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                                  @RestPath String publicId, @Context UriInfo uri,
                                  MultivaluedMap<String, String> form) {
        Map<String, String> addOns = new LinkedHashMap<>();
        for (String name : form.keySet()) {
            if (StoredAssetWork.UPDATE_ADD_ONS.contains(name)) {
                addOns.put(name, form.getFirst(name));
            } else if (!UPDATE_FIELDS.contains(name)) {
                throw ApiException.badRequest("Unsupported update parameter: " + name);
            }
        }
        Optional<String> status = Optional.ofNullable(form.getFirst("moderation_status")).filter(v -> !v.isEmpty());
        if (status.isEmpty() && addOns.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - moderation_status");
        }
        return updates.update(AdminParams.base(config, uri), cloud, resourceType, type, publicId,
                status, addOns, Optional.ofNullable(form.getFirst("notification_url")).filter(u -> !u.isEmpty()));
    }
}
