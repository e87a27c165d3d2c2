package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.AssetListings;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

/** The SDKs' {@code tags}: the account's distinct tags of a resource type, alphabetically, with cursors. */
@Path("/v1_1/{cloud}/tags")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class TagsResource {
    private final AssetListings listings;

    public TagsResource(AssetListings listings) {
        this.listings = listings;
    }

    /** {@code prefix} (literal), {@code max_results} (10), {@code next_cursor}. */
    @GET
    @Path("{resourceType}")
    public Uni<AssetListings.TagsPage> tags(@RestPath String cloud, @RestPath String resourceType,
                                            @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        return listings.tags(cloud, resourceType, query.getFirst("prefix"),
                AdminParams.integer("max_results", query.getFirst("max_results"), 10), query.getFirst("next_cursor"));
    }
}
