package dev.upshot.kit.rest;

import dev.upshot.messaging.EventTooLargeException;
import dev.upshot.messaging.TransientFailures;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.regex.Pattern;

/** Every error leaves in Cloudinary's shape, {@code {"error":{"message":…}}}, which both SDKs parse. */
public class ErrorResponses {
    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);
    /** The HTTP layer's multipart parser (MultiPartParserDefinition, MultipartParser): failures there are the body's. */
    private static final Pattern MULTIPART_PARSER =
            Pattern.compile("org\\.jboss\\.resteasy\\.reactive\\.server\\.core\\.multipart\\.Multi[pP]artParser.*");

    private final ErrorsConfig config;

    public ErrorResponses(ErrorsConfig config) {
        this.config = config;
    }

    public static Response of(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Body(new Body.Error(message))).build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return of(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            // a chunked body over the limit; the SDKs parse error bodies only for Cloudinary's statuses
            return of(400, "File size too large: the request is over the server's size limit");
        }
        String message = switch (status) {
            case 400 -> config.malformedRequest().orElse(e.getMessage());
            case 404 -> "Resource not found";
            case 405 -> "Method not allowed";
            case 415 -> "Unsupported content type: send " + config.acceptedTypes();
            default -> e.getMessage();
        };
        return of(status, message);
    }

    /** The request's parameters made an event over the budget: nothing was stored, the caller must send less. */
    @ServerExceptionMapper
    public Response eventTooLarge(EventTooLargeException e) {
        return of(400, "Request too large: its parameters (context, metadata, tags, on_success, eager, …) add up to "
                + e.bytes() + " bytes of event data, over the limit of " + e.limit() + " bytes");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (unreadableBody(e)) {
            // a truncated multipart body, a broken %-escape: the client's fault, never an outage
            LOG.debugf("unreadable request body: %s", e);
            return of(400, "Malformed request body: " + e.getMessage());
        }
        if (TransientFailures.isTransient(e)) {
            LOG.warnf("request failed, a dependency is unreachable: %s", e.toString());
            return of(500, "Temporarily unavailable: storage or database unreachable; nothing was stored, retry later");
        }
        LOG.error("request failed", e);
        return of(500, "Internal error; the request was not completed");
    }

    /** Raised while the request's body was parsed (multipart) or read into a parameter (forms, JSON). */
    private static boolean unreadableBody(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (MULTIPART_PARSER.matcher(frame.getClassName()).matches() || frame.getMethodName().endsWith("readFrom")
                        && frame.getClassName().startsWith("org.jboss.resteasy.reactive.")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code {"error":{"message":…}}} */
    public record Body(Error error) {
        public record Error(String message) {
        }
    }
}
