package dev.upshot.gateway.rest;

import dev.upshot.gateway.service.Accounts;
import dev.upshot.gateway.service.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The moderation review page: one HTML document whose script drives the same Admin API the SDKs use
 * (queue listing, {@code update} decisions). It lives under {@code /v1_1/{cloud}/} so the browser sends the
 * Basic credentials it was asked for here with those API calls too (same protection space).
 */
@Path("/v1_1/{cloud}/moderation/review")
public class ReviewPageResource {
    private static final String PAGE = load();

    private final Accounts accounts;

    public ReviewPageResource(Accounts accounts) {
        this.accounts = accounts;
    }

    @GET
    public Response page(@RestPath String cloud, @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        try {
            accounts.basicAuth(cloud, auth);
        } catch (ApiException e) {
            if (e.status() != 401) {
                throw e;
            }
            return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE,
                            "Basic realm=\"Upshot " + cloud.replaceAll("[^A-Za-z0-9_-]", "") + "\", charset=\"UTF-8\"")
                    .type("text/plain").entity("Sign in with the account's API key and secret").build();
        }
        return Response.ok(PAGE.replace("{{cloud}}", cloud.replaceAll("[^A-Za-z0-9_-]", "")), "text/html; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: http: https:; "
                        + "script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'")
                .build();
    }

    private static String load() {
        try (InputStream in = ReviewPageResource.class.getResourceAsStream("/review/review.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
