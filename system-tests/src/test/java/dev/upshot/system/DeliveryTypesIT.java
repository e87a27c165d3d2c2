package dev.upshot.system;

import com.cloudinary.AccessControlRule;
import com.cloudinary.Cloudinary;
import com.cloudinary.Transformation;
import com.cloudinary.utils.ObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery types and access control on the packaged services, through the official Java SDK: a private or
 * authenticated upload is never served by a public URL, the SDK's signed URLs ({@code signed(true)}) serve it and its
 * derived versions (made by the derivation worker), and {@code access_control} keeps an asset from anyone outside
 * its window.
 */
class DeliveryTypesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Cloudinary cloudinary;
    private static String gateway;

    @BeforeAll
    static void start() throws Exception {
        Platform platform = Platform.get();
        cloudinary = platform.cloudinary;
        gateway = platform.gateway.uri("").toString();
    }

    @Test
    void privateAndAuthenticatedUploadsAreServedOnlyBySignedUrls() throws Exception {
        for (String type : List.of("private", "authenticated")) {
            byte[] png = Png.of(40, 30);
            String id = "types/" + type + "-" + UUID.randomUUID();
            Map<?, ?> uploaded = cloudinary.uploader().upload(png, ObjectUtils.asMap("public_id", id, "type", type));
            assertEquals(type, uploaded.get("type"));
            String answered = (String) uploaded.get("secure_url");
            assertTrue(answered.contains("/image/" + type + "/s--"), answered);
            assertArrayEquals(png, get(answered).body());

            HttpResponse<byte[]> unsigned = get(answered.replaceFirst("/s--[^/]+--/", "/"));
            assertEquals(401, unsigned.statusCode());
            assertTrue(unsigned.headers().firstValue("X-Cld-Error").orElse("").contains("signed URLs only"));
            assertEquals(404, get(local(cloudinary.url().format("png").generate(id))).statusCode());

            String signed = local(cloudinary.url().signed(true).type(type).format("png").generate(id));
            assertArrayEquals(png, get(signed).body());
            String longSigned = local(cloudinary.url().signed(true).longUrlSignature(true).type(type).format("png")
                    .generate(id));
            assertTrue(longSigned.matches(".*/s--[A-Za-z0-9_-]{32}--/.*"), longSigned);
            assertArrayEquals(png, get(longSigned).body());
            String derived = local(cloudinary.url().signed(true).type(type)
                    .transformation(new Transformation().width(20).crop("scale")).format("png").generate(id));
            HttpResponse<byte[]> small = get(derived);
            assertEquals(200, small.statusCode(), new String(small.body()));
            assertEquals(20, ImageIO.read(new ByteArrayInputStream(small.body())).getWidth());
            assertEquals(401, get(derived.replaceFirst("/s--[^/]+--/", "/")).statusCode());
            int at = signed.indexOf("/s--") + 4;
            String forged = signed.substring(0, at) + (signed.charAt(at) == 'A' ? 'B' : 'A') + signed.substring(at + 1);
            HttpResponse<byte[]> refused = get(forged);
            assertEquals(401, refused.statusCode());
            assertTrue(refused.headers().firstValue("X-Cld-Error").orElse("").contains("Invalid signature"));

            assertEquals("ok", cloudinary.uploader().destroy(id, ObjectUtils.asMap("type", type)).get("result"));
            assertEquals(404, get(signed).statusCode());
        }
    }

    @Test
    void accessControlOpensAnAssetOnlyInsideItsWindow() throws Exception {
        String id = "types/acl-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant later = now.plus(1, ChronoUnit.HOURS);
        Map<?, ?> uploaded = cloudinary.uploader().upload(Png.of(8, 8), ObjectUtils.asMap("public_id", id,
                "access_control", AccessControlRule.anonymousFrom(Date.from(later))));
        assertEquals(List.of(Map.of("access_type", "anonymous", "start", later.toString())),
                uploaded.get("access_control"));
        String url = (String) uploaded.get("secure_url");
        assertEquals(401, get(url).statusCode());
        assertEquals(200, get(local(cloudinary.url().signed(true).format("png").generate(id))).statusCode());

        cloudinary.api().update(id, ObjectUtils.asMap("access_control",
                AccessControlRule.anonymous(Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(later))));
        assertEquals(200, get(url).statusCode());
        assertEquals(List.of(Map.of("access_type", "anonymous", "start", now.minus(1, ChronoUnit.HOURS).toString(),
                "end", later.toString())), cloudinary.api().resource(id, ObjectUtils.emptyMap()).get("access_control"));
    }

    @Test
    void accessControlTokenServesOnlySignedUrls() throws Exception {
        String id = "types/token-" + UUID.randomUUID();
        Map<?, ?> uploaded = cloudinary.uploader().upload(Png.of(8, 8), ObjectUtils.asMap("public_id", id,
                "access_control", AccessControlRule.token()));
        assertEquals(List.of(Map.of("access_type", "token")), uploaded.get("access_control"));
        assertEquals(401, get(local(cloudinary.url().format("png").generate(id))).statusCode());
        assertEquals(200, get(local(cloudinary.url().signed(true).format("png").generate(id))).statusCode());
    }

    /** The SDK writes URLs for Cloudinary's CDN; the same path is asked of the gateway. */
    private static String local(String sdkUrl) {
        return gateway.replaceAll("/+$", "") + sdkUrl.replaceFirst("^https?://[^/]+", "");
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
