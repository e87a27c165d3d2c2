package dev.upshot.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.upshot.gateway.config.ReviewConfig;
import dev.upshot.gateway.service.Accounts;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.ReviewSessions;
import dev.upshot.kit.rest.ErrorResponses;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;
import java.time.Instant;

/**
 * The moderation review page and its sign-in. Without a session the page is the sign-in form (401, no Basic
 * challenge); signing in with the API key and the secret or the account's reviewer password sets the session
 * cookie. HTML from Qute templates; script and style are the gateway's static files under {@code /review/}, so the
 * CSP allows no inline code. The page's data comes from {@link ReviewApiResource}.
 */
@Path("/v1_1/{cloud}/moderation/review")
public class ReviewPageResource {
    private static final String HTML = "text/html; charset=utf-8";

    private final Accounts accounts;
    private final ReviewSessions sessions;
    private final ReviewGuard guard;
    private final ReviewConfig config;

    public ReviewPageResource(Accounts accounts, ReviewSessions sessions, ReviewGuard guard, ReviewConfig config) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.guard = guard;
        this.config = config;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance review(String cloud, String csrf, long pollMillis, long undoMillis,
                                              Instant expiresAt);

        static native TemplateInstance signIn(String cloud);
    }

    @GET
    public Uni<Response> page(@RestPath String cloud, @CookieParam(ReviewGuard.COOKIE) String cookie) {
        accounts.byCloud(cloud);
        return guard.session(cloud, cookie)
                .map(s -> guard.headers(Response.ok(Templates.review(cloud, s.csrfToken(),
                        config.pollInterval().toMillis(), config.undoWindow().toMillis(), s.expiresAt()).render(),
                        HTML)).build())
                .onFailure(e -> e instanceof ApiException a && a.status() == 401)
                .recoverWithItem(() -> guard.headers(Response.status(401).entity(Templates.signIn(cloud).render())
                        .type(HTML)).build());
    }

    /** Sign-in: form fields {@code api_key} and {@code password} (the API secret or the reviewer password). */
    @POST
    @Path("session")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signIn(@RestPath String cloud, @RestForm("api_key") String apiKey,
                                @RestForm("password") String password, @RestHeader("Origin") String origin,
                                @RestHeader("Referer") String referer, @Context UriInfo uri,
                                @Context HttpServerRequest request) {
        guard.sameOrigin(origin, referer, uri);
        return sessions.signIn(cloud, apiKey, password, request.remoteAddress().hostAddress())
                .map(signedIn -> guard.headers(Response.ok(new SignedIn("signed in",
                                signedIn.session().expiresAt().toString()), MediaType.APPLICATION_JSON))
                        .cookie(guard.cookie(cloud, signedIn.token(), config.sessionTtl(), uri)).build());
    }

    /** Sign-out: the session ends on every replica and the cookie is cleared. */
    @DELETE
    @Path("session")
    public Uni<Response> signOut(@RestPath String cloud, @CookieParam(ReviewGuard.COOKIE) String cookie,
                                 @RestHeader(ReviewGuard.CSRF_HEADER) String csrf, @RestHeader("Origin") String origin,
                                 @RestHeader("Referer") String referer, @Context UriInfo uri) {
        return guard.changing(cloud, cookie, csrf, origin, referer, uri)
                .chain(() -> sessions.end(cookie))
                .map(x -> guard.headers(Response.ok(new Message("signed out"), MediaType.APPLICATION_JSON))
                        .cookie(guard.cookie(cloud, "", Duration.ZERO, uri)).build());
    }

    public record SignedIn(String message, @JsonProperty("expires_at") String expiresAt) {
    }

    @ServerExceptionMapper
    public Response tooManyAttempts(ReviewSessions.TooManyAttempts e) {
        return Response.fromResponse(ErrorResponses.of(429, e.getMessage()))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }
}
