package dev.upshot.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin API {@code ping}: the credentials are good and the gateway serves. */
@Path("/v1_1/{cloud}/ping")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class PingResource {
    public record Status(String status) {
    }

    private static final Status OK = new Status("ok");

    @GET
    public Status ping() {
        return OK;
    }
}
