package dev.upshot.dispatcher.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.kit.auth.AdminCredentials;
import dev.upshot.dispatcher.config.AccountsConfig;
import dev.upshot.kit.rest.ApiException;
import dev.upshot.dispatcher.service.DeliveryAdmin;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Admin API {@code /v1_1/{cloud}/webhooks/…}: the delivery log, replay, recover and target re-enabling. Served here
 * because the dispatcher owns the tables; the gateway proxies it on its public port. Same authentication as the
 * gateway's Admin API: HTTP Basic with the account's api_key and api_secret.
 */
@Path("/v1_1/{cloud}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryAdminResource {
    private final AccountsConfig accounts;
    private final DeliveryAdmin admin;

    public DeliveryAdminResource(AccountsConfig accounts, DeliveryAdmin admin) {
        this.accounts = accounts;
        this.admin = admin;
    }

    @GET
    @Path("deliveries")
    public Uni<ObjectNode> list(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                @RestQuery("asset_id") String assetId, @RestQuery String status,
                                @RestQuery String target, @RestQuery("max_results") String maxResults,
                                @RestQuery("next_cursor") String nextCursor) {
        authenticate(cloud, auth);
        return admin.list(cloud, assetId, status, target, maxResults, nextCursor);
    }

    @GET
    @Path("deliveries/{id}")
    public Uni<ObjectNode> get(@RestPath String cloud, @RestPath String id,
                               @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        authenticate(cloud, auth);
        return admin.get(cloud, id);
    }

    @POST
    @Path("deliveries/{id}/replay")
    public Uni<ObjectNode> replay(@RestPath String cloud, @RestPath String id,
                                  @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        authenticate(cloud, auth);
        return admin.replay(cloud, id);
    }

    /** JSON {@code {"target": url, "since": instant, "until": instant?}}. */
    @POST
    @Path("deliveries/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> recover(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                   JsonNode body) {
        authenticate(cloud, auth);
        return admin.recover(cloud, body);
    }

    @GET
    @Path("targets")
    public Uni<ObjectNode> targets(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        authenticate(cloud, auth);
        return admin.targets(cloud);
    }

    /** JSON {@code {"target": url}}. */
    @POST
    @Path("targets/enable")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> enable(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                  JsonNode body) {
        authenticate(cloud, auth);
        return admin.enable(cloud, body);
    }

    private void authenticate(String cloud, String authorization) {
        AccountsConfig.Account account = accounts.forCloud(cloud)
                .orElseThrow(() -> new ApiException(401, "Invalid cloud_name " + cloud));
        try {
            AdminCredentials.check(authorization, account.apiKey(), account.apiSecret());
        } catch (AdminCredentials.Rejected e) {
            throw new ApiException(401, e.getMessage());
        }
    }
}
