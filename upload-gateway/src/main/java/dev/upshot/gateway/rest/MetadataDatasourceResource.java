package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.gateway.service.MetadataFields;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

/** Admin API {@code /v1_1/{cloud}/metadata_fields/{id}/datasource}: a field's values; each call answers them all. */
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
    public Uni<ObjectNode> update(@RestPath String cloud, @RestPath String id, JsonNode body) {
        return fields.updateDatasource(cloud, id, body);
    }

    /** {@code external_ids}: those values become inactive. */
    @DELETE
    public Uni<ObjectNode> delete(@RestPath String cloud, @RestPath String id, JsonNode body) {
        return fields.deleteDatasourceValues(cloud, id, body);
    }
}
