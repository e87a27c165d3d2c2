package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.AccessRule;
import dev.upshot.gateway.service.AccessControl;
import dev.upshot.gateway.service.AdminService;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.AssetView;
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
    private static final Set<String> UPDATE_FIELDS = Set.of("moderation_status", "notification_url", "timestamp",
            "access_control");

    private final AdminService admin;
    private final ResourceUpdates updates;
    private final GatewayConfig config;

    public ModerationResource(AdminService admin, ResourceUpdates updates, GatewayConfig config) {
        this.admin = admin;
        this.updates = updates;
        this.config = config;
    }

    @GET
    @Path("moderations/{kind}/{status}")
    public Uni<AdminService.ResourcesPage> queue(@RestPath String cloud, @RestPath String resourceType,
                                                 @RestPath String kind, @RestPath String status,
                                                 @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        return admin.listByModeration(AdminParams.base(config, uri), cloud, resourceType, kind,
                AdminService.queueStatus(status),
                AdminParams.integer("max_results", query.getFirst("max_results"), 10), query.getFirst("next_cursor"));
    }

    @POST
    @Path("{type}/{publicId: .+}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<AssetView> update(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
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
        Optional<List<AccessRule>> accessControl = Optional.ofNullable(form.getFirst("access_control"))
                .map(AccessControl::parse);
        if (status.isEmpty() && addOns.isEmpty() && accessControl.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - moderation_status");
        }
        return updates.update(AdminParams.base(config, uri), cloud, resourceType, type, publicId,
                status, addOns, accessControl, Optional.ofNullable(form.getFirst("notification_url")).filter(u -> !u.isEmpty()));
    }
}
