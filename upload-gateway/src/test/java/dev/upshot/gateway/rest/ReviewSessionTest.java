package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review page's sign-in over plain HTTP, as a browser would send it (cookie, Origin, CSRF header) and as an
 * attacker would: sessions reach only the review endpoints, cross-origin and token-less changes are refused,
 * expired and ended sessions are refused, failed sign-ins are limited per client address and per API key.
 */
@QuarkusTest
class ReviewSessionTest {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSignInSetsAStrictHttpOnlyCookieThatReachesOnlyTheReviewEndpoints() throws Exception {
        HttpResponse<String> signedIn = signIn(key(), secret(), null);
        assertEquals(200, signedIn.statusCode(), signedIn.body());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("upshot_review="), setCookie);
        for (String attribute : new String[]{"HttpOnly", "SameSite=Strict", "Path=" + reviewPath(), "Max-Age=28800"}) {
            assertTrue(setCookie.contains(attribute), attribute + " in " + setCookie);
        }
        assertFalse(setCookie.contains("Secure"), "plain http: " + setCookie);
        String cookie = cookie(signedIn);

        HttpResponse<String> page = get(reviewPath(), cookie, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"queue\""));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertFalse(page.body().contains("<script>") || page.body().contains("<style") || page.body().contains(" style="),
                "no inline script or style");

        HttpResponse<String> queue = get(reviewPath() + "/api/queue?kind=manual", cookie, null);
        assertEquals(200, queue.statusCode(), queue.body());
        assertTrue(EventCodec.mapper().readTree(queue.body()).path("resources").isArray());
        assertTrue(EventCodec.mapper().readTree(queue.body()).path("counts").isArray());

        // the session does not open the Admin API, and the Admin API's credentials do not open the review API
        assertEquals(401, get("/v1_1/" + cloud() + "/resources/image", cookie, null).statusCode());
        assertEquals(401, get("/v1_1/" + cloud() + "/resources/image/moderations/manual/pending", cookie, null).statusCode());
        String basic = "Basic " + Base64.getEncoder().encodeToString((key() + ":" + secret()).getBytes(StandardCharsets.UTF_8));
        assertEquals(401, get(reviewPath() + "/api/queue", null, basic).statusCode());
        assertEquals(401, get(reviewPath(), null, basic).statusCode(), "Basic no longer opens the page");

        // the reviewer password signs in too; a wrong one does not
        assertEquals(200, signIn(key(), "test-reviewer-password", null).statusCode());
        HttpResponse<String> wrong = signIn(key(), "not-the-password", null);
        assertEquals(401, wrong.statusCode());
        assertEquals("Invalid API key or password", error(wrong));
        assertEquals(400, signIn(key(), "", null).statusCode());
    }

    @Test
    void withoutASessionThePageIsTheSignInFormWithoutABrowserPrompt() throws Exception {
        HttpResponse<String> page = get(reviewPath(), null, null);
        assertEquals(401, page.statusCode());
        assertTrue(page.body().contains("id=\"sign-in\""), page.body());
        assertTrue(page.headers().firstValue("WWW-Authenticate").isEmpty(), "no Basic prompt");
        assertEquals(401, get(reviewPath() + "/api/queue", "upshot_review=forged", null).statusCode());
    }

    @Test
    void overHttpsTheCookieIsSecure() throws Exception {
        HttpResponse<String> signedIn = send(HttpRequest.newBuilder(uri(reviewPath() + "/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                // behind a TLS-terminating proxy: the browser's origin is https on the default port
                .header("X-Forwarded-Proto", "https").header("Origin", "https://" + base.getHost())
                .POST(form(key(), secret())));
        assertEquals(200, signedIn.statusCode(), signedIn.body());
        assertTrue(signedIn.headers().firstValue("Set-Cookie").orElseThrow().contains("Secure"));
    }

    @Test
    void changesNeedTheSameOriginAndTheSessionsToken() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "csrf/" + UUID.randomUUID();
        cloudinary.uploader().upload(UploadApiTest.image("png", 6, 6), ObjectUtils.asMap("public_id", publicId,
                "moderation", "manual"));
        String cookie = cookie(signIn(key(), secret(), null));
        String csrf = csrf(cookie);
        String decision = "{\"status\":\"approved\",\"resources\":[{\"resource_type\":\"image\",\"type\":\"upload\","
                + "\"public_id\":\"" + publicId + "\"}]}";

        HttpResponse<String> crossSite = decide(cookie, csrf, "https://evil.example", decision);
        assertEquals(403, crossSite.statusCode());
        assertTrue(error(crossSite).startsWith("Cross-origin request refused"), crossSite.body());
        assertEquals(403, decide(cookie, csrf, null, decision).statusCode(), "neither Origin nor Referer");
        assertEquals(403, decide(cookie, null, origin(), decision).statusCode(), "no token");
        assertEquals(403, decide(cookie, csrf + "x", origin(), decision).statusCode(), "another token");
        assertEquals(403, decide(cookie(signIn(key(), secret(), null)), csrf, origin(), decision).statusCode(),
                "another session's token");
        assertEquals(403, send(HttpRequest.newBuilder(uri(reviewPath() + "/session")).header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).header("Origin", "https://evil.example").DELETE()).statusCode());
        assertEquals(403, signIn(key(), secret(), "https://evil.example").statusCode(), "sign-in from another site");
        assertEquals("pending", cloudinary.api().resource(publicId, ObjectUtils.emptyMap()).get("moderation_status"));

        HttpResponse<String> decided = decide(cookie, csrf, origin(), decision);
        assertEquals(200, decided.statusCode(), decided.body());
        assertEquals("approved", EventCodec.mapper().readTree(decided.body()).at("/resources/0/moderation_status").asText());
        assertEquals("approved", cloudinary.api().resource(publicId, ObjectUtils.emptyMap()).get("moderation_status"));
        assertEquals(400, decide(cookie, csrf, origin(), decision.replace("approved", "maybe")).statusCode());
    }

    @Test
    void anExpiredSessionIsRefused() throws Exception {
        String cookie = cookie(signIn(key(), secret(), null));
        assertEquals(200, get(reviewPath() + "/api/queue", cookie, null).statusCode());
        pool.preparedQuery("update review_session set expires_at = now() - interval '1 second' where token_hash = $1")
                .execute(Tuple.of(sha256(cookie.substring(cookie.indexOf('=') + 1)))).await().atMost(Duration.ofSeconds(10));
        HttpResponse<String> api = get(reviewPath() + "/api/queue", cookie, null);
        assertEquals(401, api.statusCode());
        assertTrue(error(api).contains("expired"), api.body());
        assertEquals(401, get(reviewPath(), cookie, null).statusCode());
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        String cookie = cookie(signIn(key(), secret(), null));
        String csrf = csrf(cookie);
        HttpResponse<String> out = send(HttpRequest.newBuilder(uri(reviewPath() + "/session")).header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).header("Origin", origin()).DELETE());
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        // the old cookie, kept by someone who copied it, is worthless now
        assertEquals(401, get(reviewPath() + "/api/queue", cookie, null).statusCode());
        assertEquals(401, get(reviewPath(), cookie, null).statusCode());
    }

    @Test
    void failedSignInsAreLimitedPerKeyAndPerAddress() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String attacked = "key-" + run;
        for (int i = 0; i < 10; i++) {
            assertEquals(401, signInFrom(attacked, "guess" + i, address()).statusCode());
        }
        HttpResponse<String> limited = signInFrom(attacked, "guess", address());
        assertEquals(429, limited.statusCode(), limited.body());
        assertTrue(error(limited).startsWith("Too many failed sign-ins for this API key; try again in "), limited.body());
        assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) > 0);

        String address = address();
        for (int i = 0; i < 20; i++) {
            assertEquals(401, signInFrom("key-" + run + "-" + i, "guess", address).statusCode());
        }
        HttpResponse<String> fromAddress = signInFrom(key(), secret(), address);
        assertEquals(429, fromAddress.statusCode(), "even right credentials, from that address");
        assertTrue(error(fromAddress).startsWith("Too many failed sign-ins from this address"), fromAddress.body());
        assertEquals(200, signInFrom(key(), secret(), address()).statusCode(), "other addresses still sign in");
    }

    private HttpResponse<String> signIn(String key, String password, String origin) throws Exception {
        return send(HttpRequest.newBuilder(uri(reviewPath() + "/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin == null ? origin() : origin).POST(form(key, password)));
    }

    private HttpResponse<String> signInFrom(String key, String password, String address) throws Exception {
        return send(HttpRequest.newBuilder(uri(reviewPath() + "/session"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin())
                .header("X-Forwarded-For", address).POST(form(key, password)));
    }

    private HttpResponse<String> decide(String cookie, String csrf, String origin, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(reviewPath() + "/api/decisions"))
                .header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    private HttpResponse<String> get(String path, String cookie, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private String csrf(String cookie) throws Exception {
        Matcher m = CSRF.matcher(get(reviewPath(), cookie, null).body());
        assertTrue(m.find(), "the page carries its CSRF token");
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher form(String key, String password) {
        return HttpRequest.BodyPublishers.ofString("api_key=" + enc(key) + "&password=" + enc(password));
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code name=value} of the session cookie just set. */
    private static String cookie(HttpResponse<String> signedIn) {
        assertEquals(200, signedIn.statusCode(), signedIn.body());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String error(HttpResponse<String> response) throws Exception {
        JsonNode body = EventCodec.mapper().readTree(response.body());
        return body.path("error").path("message").asText();
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** A documentation-range address of its own per call, as if many clients signed in. */
    private static String address() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.18." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private URI uri(String path) {
        return URI.create(origin() + path);
    }

    private String origin() {
        return "http://" + base.getHost() + ":" + base.getPort();
    }

    private static String reviewPath() {
        return "/v1_1/" + cloud() + "/moderation/review";
    }

    private static String cloud() {
        return SdkClients.config("cloud-name");
    }

    private static String key() {
        return SdkClients.config("api-key");
    }

    private static String secret() {
        return SdkClients.config("api-secret");
    }
}
