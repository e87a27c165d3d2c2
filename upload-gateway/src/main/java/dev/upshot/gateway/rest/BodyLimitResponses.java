package dev.upshot.gateway.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body over {@code quarkus.http.limits.max-body-size} is refused by Vert.x with an empty 413, which the SDKs
 * cannot parse. When the client announces its size, answer before reading the body as Cloudinary answers a file
 * that is too large: 400 with the error object. (Chunked bodies fail later, in {@link ErrorResponses}.)
 */
@ApplicationScoped
public class BodyLimitResponses {
    private final long limit;

    public BodyLimitResponses(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    private void tooLarge(RoutingContext ctx, String got) {
        ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"error\":{\"message\":\"File size too large. " + got + "Maximum request size is "
                        + limit + ".\"}}");
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limit) {
                tooLarge(ctx, "Got " + length + ". ");
            } else {
                ctx.next();
            }
        });
    }
}
