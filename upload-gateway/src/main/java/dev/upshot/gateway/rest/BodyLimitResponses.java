package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.LimitsConfig;
import dev.upshot.gateway.service.Accounts;
import dev.upshot.gateway.service.ApiException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses what can be refused before a body is read, so that a hostile body is never buffered:
 * <ul>
 * <li>a body over {@code quarkus.http.limits.max-body-size} (Vert.x would answer an empty 413 the SDKs cannot
 * parse): 400 as Cloudinary answers a file that is too large; chunked bodies fail later, in the kit's
 * {@link dev.upshot.kit.rest.ErrorResponses};
 * <li>an unknown cloud name: 401;
 * <li>an Admin API call with a body (POST, PUT, DELETE) whose Basic credentials are wrong (401) or whose body is over
 * {@code upshot.limits.admin-body-size} (413). Uploads carry their credentials in the body, checked once its text
 * fields are parsed and before the file is staged.
 * </ul>
 */
@ApplicationScoped
public class BodyLimitResponses {
    private static final Pattern API_PATH = Pattern.compile("/v1_1/([^/]+)/(.*)");
    /**
     * Uploads (any resource type: a wrong one is answered as such) and the Upload API's actions, credentials inside
     * the body; {@code delete_by_token} (with or without a resource type), whose token is its credential; the review
     * page. Any other call with a body is taken for an Admin API call: a new endpoint outside the Admin API belongs
     * here, or it is refused 401 "Must supply api_key" before it is routed.
     */
    private static final Pattern NOT_ADMIN = Pattern.compile("[^/]+/upload/?"
            + "|((image|video|raw|auto)/)?delete_by_token/?"
            + "|(image|video|raw|auto)/(explicit|destroy|rename|tags|context|metadata)/?|moderation/review.*");

    private final long limit;
    private final Accounts accounts;
    private final LimitsConfig limits;

    public BodyLimitResponses(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
                              Accounts accounts, LimitsConfig limits) {
        this.limit = limit.asLongValue();
        this.accounts = accounts;
        this.limits = limits;
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // the unread body must not be taken for the next request (HTTP/2 has no such header)
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", new JsonObject().put("message", message)).encode());
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            long length = contentLength(ctx);
            if (length > limit) {
                refuse(ctx, 400, "File size too large. Got " + length + ". Maximum request size is " + limit + ".");
                return;
            }
            Matcher api = API_PATH.matcher(ctx.request().path());
            if (api.matches()) {
                try {
                    beforeBody(ctx, api.group(1), api.group(2), length);
                } catch (ApiException e) {
                    refuse(ctx, e.status(), e.getMessage());
                    return;
                }
            }
            ctx.next();
        });
    }

    private void beforeBody(RoutingContext ctx, String cloud, String rest, long length) {
        accounts.byCloud(cloud);
        HttpMethod method = ctx.request().method();
        boolean withBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.DELETE;
        if (!withBody || credentialsInBody(rest)) {
            return;
        }
        accounts.basicAuth(cloud, ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (length > limits.adminBodySize()) {
            throw new ApiException(413, "Request body too large: " + length + " bytes; the limit is "
                    + limits.adminBodySize() + " (upshot.limits.admin-body-size)");
        }
    }

    /** Whether a call with a body to {@code /v1_1/{cloud}/<rest>} is no Admin API call (see {@link #NOT_ADMIN}). */
    static boolean credentialsInBody(String rest) {
        return NOT_ADMIN.matcher(rest).matches();
    }

    /** The announced length, or -1 when there is none (chunked) or it is not a number. */
    private static long contentLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && length.matches("\\d{1,18}") ? Long.parseLong(length) : -1;
    }
}
