package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.ReviewSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What every review endpoint checks: the session cookie (scoped to the page's path, so the Admin API never sees
 * it), and for state-changing calls the request's Origin (or Referer) and the session's CSRF token.
 */
@ApplicationScoped
public class ReviewGuard {
    public static final String COOKIE = "upshot_review";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final ReviewSessions sessions;
    private final GatewayConfig config;

    public ReviewGuard(ReviewSessions sessions, GatewayConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    /** The page and everything below it; the cookie is sent nowhere else. */
    public static String path(String cloud) {
        return "/v1_1/" + cloud + "/moderation/review";
    }

    public Uni<ReviewSessions.Session> session(String cloud, String cookie) {
        return sessions.find(cloud, cookie);
    }

    /** @throws ApiException 403 for another origin or a missing or wrong CSRF token, 401 without a session */
    public Uni<ReviewSessions.Session> changing(String cloud, String cookie, String csrf, String origin, String referer,
                                               UriInfo uri) {
        sameOrigin(origin, referer, uri);
        return sessions.find(cloud, cookie).invoke(session -> {
            if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(403, "Missing or invalid " + CSRF_HEADER + " header");
            }
        });
    }

    /**
     * Browsers send Origin with every POST and DELETE (Referer as a fallback for older ones); a request from another
     * site, or one naming neither, is refused.
     */
    public void sameOrigin(String origin, String referer, UriInfo uri) {
        String claimed = origin != null ? origin : referer != null ? refererOrigin(referer) : null;
        if (claimed == null || !ownOrigins(uri).contains(claimed.toLowerCase(Locale.ROOT))) {
            throw new ApiException(403, "Cross-origin request refused: the review page accepts changes only from "
                    + "its own origin");
        }
    }

    private Set<String> ownOrigins(UriInfo uri) {
        Set<String> own = new HashSet<>();
        own.add(origin(uri.getBaseUri()));
        config.publicBaseUrl().ifPresent(u -> own.add(origin(u)));
        return own;
    }

    private static String refererOrigin(String referer) {
        try {
            return origin(URI.create(referer));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** As browsers write Origin: no user info, no default port. */
    private static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return (scheme + "://" + uri.getHost() + (defaultPort ? "" : ":" + port)).toLowerCase(Locale.ROOT);
    }

    /** HttpOnly, SameSite=Strict, Secure when the page is served over https; {@code maxAge} 0 clears it. */
    public NewCookie cookie(String cloud, String value, Duration maxAge, UriInfo uri) {
        boolean https = "https".equalsIgnoreCase(uri.getBaseUri().getScheme())
                || config.publicBaseUrl().map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false);
        return new NewCookie.Builder(COOKIE).value(value).path(path(cloud)).maxAge((int) maxAge.toSeconds())
                .httpOnly(true).secure(https).sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** Headers of every review response: never cached, never framed, no script or style but the gateway's files. */
    public Response.ResponseBuilder headers(Response.ResponseBuilder response) {
        String images = config.publicBaseUrl().map(u -> " " + origin(u)).orElse("");
        return response.header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self'" + images + "; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                        + "frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
    }
}
