package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.upshot.gateway.persistence.NotificationTrigger;
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
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Admin API {@code /v1_1/{cloud}/triggers}: global notification URLs per event type (JSON bodies). */
@Path("/v1_1/{cloud}/triggers")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class TriggerResource {
    private final Triggers triggers;
    private final InputLimits limits;

    public TriggerResource(Triggers triggers, InputLimits limits) {
        this.triggers = triggers;
        this.limits = limits;
    }

    /** A trigger as Cloudinary shows it; times in whole seconds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Trigger(String id, String productEnvironmentId, String uriType, String uri, String eventType,
                          String signatureScheme, String createdAt, String updatedAt) {
        static Trigger of(NotificationTrigger t) {
            return new Trigger(t.id, t.cloud, t.uriType, t.uri, t.eventType, t.signatureScheme, seconds(t.createdAt),
                    seconds(t.updatedAt));
        }

        private static String seconds(Instant at) {
            return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    public record TriggerList(List<Trigger> triggers, int total) {
    }

    @GET
    public Uni<TriggerList> list(@RestPath String cloud, @RestQuery("event_type") String eventType) {
        return triggers.list(cloud, eventType)
                .map(list -> new TriggerList(list.stream().map(Trigger::of).toList(), list.size()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Trigger> create(@RestPath String cloud, JsonNode body) {
        limits.checkUrl("uri", body.path("uri").asText(null));
        return triggers.create(cloud, body).map(Trigger::of);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Trigger> update(@RestPath String cloud, @RestPath String id, JsonNode body) {
        limits.checkUrl("new_uri", body.path("new_uri").asText(null));
        return triggers.update(cloud, id, body).map(Trigger::of);
    }

    @DELETE
    @Path("{id}")
    public Uni<Message> delete(@RestPath String cloud, @RestPath String id) {
        return triggers.delete(cloud, id).replaceWith(Message.OK);
    }
}
