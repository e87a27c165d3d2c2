package dev.upshot.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.gateway.service.MetadataFields;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.RestPath;

import java.util.List;

/**
 * Admin API {@code /v1_1/{cloud}/metadata_fields}: structured metadata definitions, sent and answered as JSON. A
 * definition is shown as stored: the caller's own JSON, checked and normalised.
 */
@Path("/v1_1/{cloud}/metadata_fields")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class MetadataFieldsResource {
    private final MetadataFields fields;

    public MetadataFieldsResource(MetadataFields fields) {
        this.fields = fields;
    }

    public record Fields(@JsonProperty("metadata_fields") List<ObjectNode> metadataFields) {
    }

    @GET
    public Uni<Fields> list(@RestPath String cloud) {
        return fields.list(cloud).map(Fields::new);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> create(@RestPath String cloud, JsonNode body) {
        return fields.create(cloud, body);
    }

    /** {@code order_by} label, external_id or created_at, {@code direction} asc (default) or desc. */
    @PUT
    @Path("order")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Fields> reorder(@RestPath String cloud, MetadataRequests.Order order) {
        return fields.reorder(cloud, MetadataFields.Order.of(order == null ? null : order.orderBy(),
                order == null ? null : order.direction(),
                MetadataFields.FIELD_ORDERS)).map(Fields::new);
    }

    /** The Java SDK sends the order as a form. */
    @PUT
    @Path("order")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Fields> reorderForm(@RestPath String cloud, MultivaluedMap<String, String> form) {
        return reorder(cloud, MetadataRequests.Order.of(form));
    }

    /** {@code external_ids}: those inactive values of the datasource become active again. */
    @POST
    @Path("{id}/datasource_restore")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<MetadataFields.Datasource> restore(@RestPath String cloud, @RestPath String id,
                                                  MetadataRequests.ExternalIds ids) {
        return fields.restoreDatasourceValues(cloud, id, ids == null ? null : ids.externalIds());
    }

    @POST
    @Path("{id}/datasource_restore")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<MetadataFields.Datasource> restoreForm(@RestPath String cloud, @RestPath String id,
                                                      MultivaluedMap<String, String> form) {
        return restore(cloud, id, MetadataRequests.ExternalIds.of(form));
    }

    @GET
    @Path("{id}")
    public Uni<ObjectNode> get(@RestPath String cloud, @RestPath String id) {
        return fields.get(cloud, id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> update(@RestPath String cloud, @RestPath String id, JsonNode body) {
        return fields.update(cloud, id, body);
    }

    @DELETE
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Message> delete(@RestPath String cloud, @RestPath String id) {
        return fields.delete(cloud, id).replaceWith(Message.OK);
    }
}
