package dev.upshot.gateway.rest;

import com.cloudinary.AccessControlRule;
import com.cloudinary.Cloudinary;
import com.cloudinary.Transformation;
import com.cloudinary.api.exceptions.BadRequest;
import com.cloudinary.api.exceptions.NotFound;
import dev.upshot.kit.s3.ObjectStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.cloudinary.utils.ObjectUtils.asMap;
import static com.cloudinary.utils.ObjectUtils.emptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery types and access control through the official Java SDK: {@code private} and {@code authenticated}
 * assets are delivered only by signed URLs ({@code sign_url}), {@code access_control} keeps an asset from anyone
 * outside its window, and the Upload and Admin APIs find the assets by their type.
 */
@QuarkusTest
@TestProfile(DerivationStandIn.Profile.class)
class DeliveryTypesTest {
    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectStore store;

    @BeforeEach
    void derivations() throws Exception {
        DerivationStandIn.start(store);
    }

    @Test
    void privateAndAuthenticatedAssetsAreDeliveredOnlyBySignedUrls() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        for (String type : List.of("private", "authenticated")) {
            byte[] png = UploadApiTest.image("png", 40, 30);
            String id = "types/" + type + "/" + UUID.randomUUID();
            Map<?, ?> uploaded = cloudinary.uploader().upload(png, asMap("public_id", id, "type", type,
                    "eager", List.of(new Transformation().width(10).crop("scale")), "eager_async", true));
            assertEquals(type, uploaded.get("type"));
            String url = (String) uploaded.get("secure_url");
            assertTrue(url.contains("/image/" + type + "/s--"), url);
            assertArrayEquals(png, RestAssured.get(url).then().statusCode(200)
                    .header("Cache-Control", "private, max-age=300").extract().asByteArray());
            // the answer's eager URL is signed too, so it delivers
            String eager = (String) ((Map<?, ?>) ((List<?>) uploaded.get("eager")).getFirst()).get("secure_url");
            assertTrue(eager.contains("/image/" + type + "/s--"), eager);
            assertEquals(10, ImageIO.read(new ByteArrayInputStream(RestAssured.get(eager).then().statusCode(200)
                    .extract().asByteArray())).getWidth());

            String unsigned = url.replaceFirst("/s--[^/]+--/", "/");
            RestAssured.get(unsigned).then().statusCode(401)
                    .header("X-Cld-Error", containsString("signed URLs only"));
            RestAssured.get(unsigned.replace("/" + type + "/", "/upload/")).then().statusCode(404)
                    .header("X-Cld-Error", containsString("Resource not found"));
            RestAssured.get(forged(url)).then().statusCode(401)
                    .header("X-Cld-Error", containsString("Invalid signature"));

            // the SDK's own signed URLs: the original, a derived version made on request, a long signature
            assertArrayEquals(png, RestAssured.get(local(cloudinary.url().signed(true).type(type)
                    .version(uploaded.get("version")).format("png").generate(id))).then().statusCode(200)
                    .extract().asByteArray());
            String derived = local(cloudinary.url().signed(true).type(type)
                    .transformation(new Transformation().width(20).crop("scale")).format("png").generate(id));
            byte[] small = RestAssured.get(derived).then().statusCode(200).extract().asByteArray();
            assertEquals(20, ImageIO.read(new ByteArrayInputStream(small)).getWidth());
            RestAssured.get(derived.replaceFirst("/s--[^/]+--/", "/")).then().statusCode(401);
            RestAssured.get(forged(derived)).then().statusCode(401);
            RestAssured.get(local(cloudinary.url().signed(true).longUrlSignature(true).type(type).format("png")
                    .generate(id))).then().statusCode(200);

            assertEquals(uploaded.get("asset_id"), cloudinary.api().resource(id, asMap("type", type)).get("asset_id"));
            assertThrows(NotFound.class, () -> cloudinary.api().resource(id, emptyMap()));
        }
    }

    @Test
    void renameBetweenTypesAndDestroyFindTheAssetByItsType() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String id = "types/moved/" + UUID.randomUUID();
        Map<?, ?> uploaded = cloudinary.uploader().upload(UploadApiTest.image("png", 8, 8),
                asMap("public_id", id, "type", "private"));

        Map<?, ?> published = cloudinary.uploader().rename(id, id, asMap("type", "private", "to_type", "upload"));
        assertEquals("upload", published.get("type"));
        RestAssured.get((String) published.get("secure_url")).then().statusCode(200);
        RestAssured.get((String) uploaded.get("secure_url")).then().statusCode(404);

        cloudinary.uploader().rename(id, id, asMap("to_type", "authenticated"));
        RestAssured.get((String) published.get("secure_url")).then().statusCode(404);
        assertEquals("not found", cloudinary.uploader().destroy(id, emptyMap()).get("result"));
        assertEquals("ok", cloudinary.uploader().destroy(id, asMap("type", "authenticated")).get("result"));
        assertThrows(NotFound.class, () -> cloudinary.api().resource(id, asMap("type", "authenticated")));
    }

    @Test
    void accessControlIsValidatedEchoedAndEnforced() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String id = "types/acl/" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant later = now.plus(1, ChronoUnit.HOURS);
        Map<?, ?> uploaded = cloudinary.uploader().upload(UploadApiTest.image("png", 8, 8), asMap("public_id", id,
                "access_control", List.of(AccessControlRule.anonymousFrom(Date.from(later)), AccessControlRule.token())));
        List<?> echoed = (List<?>) uploaded.get("access_control");
        assertEquals(List.of(Map.of("access_type", "anonymous", "start", later.toString()),
                Map.of("access_type", "token")), echoed);
        String url = (String) uploaded.get("secure_url");
        RestAssured.get(url).then().statusCode(401).header("X-Cld-Error", containsString("access_control"));
        String signed = local(cloudinary.url().signed(true).version(uploaded.get("version")).format("png").generate(id));
        RestAssured.get(signed).then().statusCode(200).header("Cache-Control", "private, max-age=300");

        cloudinary.api().update(id, asMap("access_control", AccessControlRule.anonymous(
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(later))));
        RestAssured.get(url).then().statusCode(200);
        assertEquals(List.of(Map.of("access_type", "anonymous", "start", now.minus(1, ChronoUnit.HOURS).toString(),
                "end", later.toString())), cloudinary.api().resource(id, emptyMap()).get("access_control"));

        cloudinary.api().update(id, asMap("access_control", AccessControlRule.token()));
        RestAssured.get(url).then().statusCode(401);
        RestAssured.get(signed).then().statusCode(200);

        BadRequest refused = assertThrows(BadRequest.class, () -> cloudinary.api().update(id,
                asMap("access_control", asMap("access_type", "cookie"))));
        assertTrue(refused.getMessage().contains("Invalid access_control: access_type 'cookie'"), refused.getMessage());
        RuntimeException refusedUpload = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(
                UploadApiTest.image("png", 8, 8), asMap("access_control",
                        asMap("access_type", "anonymous", "start", "next tuesday"))));
        assertTrue(refusedUpload.getMessage().contains("Invalid access_control: start 'next tuesday'"),
                refusedUpload.getMessage());
    }

    /** The SDK writes URLs for Cloudinary's CDN; the same path is asked of the gateway. */
    private String local(String sdkUrl) {
        return base.toString().replaceAll("/+$", "") + sdkUrl.replaceFirst("^https?://[^/]+", "");
    }

    /** The URL with its signature's first character changed. */
    private static String forged(String url) {
        int at = url.indexOf("/s--") + 4;
        return url.substring(0, at) + (url.charAt(at) == 'A' ? 'B' : 'A') + url.substring(at + 1);
    }
}
