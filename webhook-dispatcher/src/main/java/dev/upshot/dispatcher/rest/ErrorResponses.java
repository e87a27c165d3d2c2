package dev.upshot.dispatcher.rest;

import dev.upshot.contracts.EventCodec;
import dev.upshot.dispatcher.service.AdminException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Admin API errors in Cloudinary's shape, {@code {"error":{"message":…}}}, which the SDKs parse. */
public class ErrorResponses {
    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    static Response of(int status, String message) {
        var body = EventCodec.mapper().createObjectNode();
        body.putObject("error").put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    @ServerExceptionMapper
    public Response admin(AdminException e) {
        return of(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return of(status, switch (status) {
            case 400 -> "Malformed request: send a JSON object";
            case 404 -> "Resource not found";
            case 405 -> "Method not allowed";
            case 415 -> "Unsupported content type: send application/json";
            default -> e.getMessage();
        });
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("admin request failed", e);
        return of(500, "Internal error; the request was not completed");
    }
}
