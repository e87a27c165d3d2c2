package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.gateway.service.Accounts;
import dev.upshot.gateway.service.InputLimits;
import dev.upshot.gateway.service.Triggers;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Admin API {@code /v1_1/{cloud}/triggers}: global notification URLs per event type (JSON bodies). */
@Path("/v1_1/{cloud}/triggers")
@Produces(MediaType.APPLICATION_JSON)
public class TriggerResource {
    private final Accounts accounts;
    private final Triggers triggers;
    private final InputLimits limits;

    public TriggerResource(Accounts accounts, Triggers triggers, InputLimits limits) {
        this.accounts = accounts;
        this.triggers = triggers;
        this.limits = limits;
    }

    @GET
    public Uni<ObjectNode> list(@RestPath String cloud, @RestQuery("event_type") String eventType,
                                @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return triggers.list(cloud, eventType);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> create(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                                  JsonNode body) {
        accounts.basicAuth(cloud, auth);
        limits.checkUrl("uri", body.path("uri").asText(null));
        return triggers.create(cloud, body);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> update(@RestPath String cloud, @RestPath String id,
                                  @RestHeader(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) {
        accounts.basicAuth(cloud, auth);
        limits.checkUrl("new_uri", body.path("new_uri").asText(null));
        return triggers.update(cloud, id, body);
    }

    @DELETE
    @Path("{id}")
    public Uni<ObjectNode> delete(@RestPath String cloud, @RestPath String id,
                                  @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        accounts.basicAuth(cloud, auth);
        return triggers.delete(cloud, id);
    }
}
