package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.gateway.service.MetadataFields;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Admin API {@code /v1_1/{cloud}/metadata_fields/{id}/datasource}: a field's values; each call answers the active
 * ones. JSON as the Node SDK sends it; the Java SDK sends deletions as a form.
 */
@Path("/v1_1/{cloud}/metadata_fields/{id}/datasource")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@AdminApi
public class MetadataDatasourceResource {
    private final MetadataFields fields;

    public MetadataDatasourceResource(MetadataFields fields) {
        this.fields = fields;
    }

    /** {@code values}: a known external id renames its value, a new one (or none) adds one. */
    @PUT
    public Uni<MetadataFields.Datasource> update(@RestPath String cloud, @RestPath String id, JsonNode body) {
        return fields.updateDatasource(cloud, id, body);
    }

    /** {@code external_ids}: those values become inactive and are no longer listed. */
    @DELETE
    public Uni<MetadataFields.Datasource> delete(@RestPath String cloud, @RestPath String id,
                                                 MetadataRequests.ExternalIds ids) {
        return fields.deleteDatasourceValues(cloud, id, ids == null ? null : ids.externalIds());
    }

    @DELETE
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<MetadataFields.Datasource> deleteForm(@RestPath String cloud, @RestPath String id,
                                                     MultivaluedMap<String, String> form) {
        return delete(cloud, id, MetadataRequests.ExternalIds.of(form));
    }

    /** {@code order_by} value, {@code direction} asc (default) or desc: the values are stored in that order. */
    @POST
    @Path("order")
    public Uni<MetadataFields.Datasource> order(@RestPath String cloud, @RestPath String id,
                                                MetadataRequests.Order order) {
        return fields.orderDatasource(cloud, id, MetadataFields.Order.of(order == null ? null : order.orderBy(),
                order == null ? null : order.direction(),
                MetadataFields.DATASOURCE_ORDERS));
    }

    @POST
    @Path("order")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<MetadataFields.Datasource> orderForm(@RestPath String cloud, @RestPath String id,
                                                    MultivaluedMap<String, String> form) {
        return order(cloud, id, MetadataRequests.Order.of(form));
    }
}
