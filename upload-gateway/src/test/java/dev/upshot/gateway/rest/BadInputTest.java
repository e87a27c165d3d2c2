package dev.upshot.gateway.rest;

import dev.upshot.gateway.service.RequestSignature;
import dev.upshot.kit.auth.SignatureAlgorithm;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Hostile and broken requests: each gets a clear error in Cloudinary's shape, and the service stays healthy. */
@QuarkusTest
class BadInputTest {
    @TestHTTPResource("/")
    URL base;

    private String uploadUrl() {
        return base + "v1_1/" + SdkClients.config("cloud-name") + "/image/upload";
    }

    /** A multipart upload signed like the SDKs sign, with the given parameters. */
    private RequestSpecification signed(Map<String, String> params, byte[] file) {
        Map<String, String> all = new HashMap<>(params);
        all.putIfAbsent("timestamp", Long.toString(System.currentTimeMillis() / 1000));
        all.put("signature", RequestSignature.sign(all, SdkClients.config("api-secret"),
                SignatureAlgorithm.SHA1, 2));
        all.put("api_key", SdkClients.config("api-key"));
        RequestSpecification spec = RestAssured.given().multiPart("file", "f.png", file, "application/octet-stream");
        all.forEach(spec::multiPart);
        return spec;
    }

    @AfterEach
    void stillHealthy() {
        RestAssured.get(base + "q/health/ready").then().statusCode(200);
    }

    @Test
    void wrongSignatureIs401() throws Exception {
        Map<String, String> params = Map.of("timestamp", Long.toString(System.currentTimeMillis() / 1000),
                "signature", "0".repeat(40), "api_key", SdkClients.config("api-key"));
        RequestSpecification spec = RestAssured.given().multiPart("file", "f.png", UploadApiTest.image("png", 2, 2));
        params.forEach(spec::multiPart);
        spec.post(uploadUrl()).then().statusCode(401).body("error.message", containsString("Invalid Signature"));
    }

    @Test
    void staleTimestampIs400() throws Exception {
        String twoHoursAgo = Long.toString(System.currentTimeMillis() / 1000 - 7200);
        signed(Map.of("timestamp", twoHoursAgo), UploadApiTest.image("png", 2, 2)).post(uploadUrl())
                .then().statusCode(400).body("error.message", containsString("Stale request"));
    }

    @Test
    void unknownApiKeyIs401AndUnknownCloudIs401() throws Exception {
        RestAssured.given().multiPart("file", "f.png", UploadApiTest.image("png", 2, 2))
                .multiPart("api_key", "999").multiPart("timestamp", "1").multiPart("signature", "x")
                .post(uploadUrl()).then().statusCode(401).body("error.message", containsString("API key"));
        RestAssured.given().multiPart("file", "f.png", UploadApiTest.image("png", 2, 2))
                .post(base + "v1_1/nosuchcloud/image/upload").then().statusCode(401);
    }

    @Test
    void unsignedUploadsNeedAnExistingUnsignedPreset() throws Exception {
        RestAssured.given().multiPart("file", "f.png", UploadApiTest.image("png", 2, 2))
                .post(uploadUrl()).then().statusCode(400).body("error.message", containsString("Upload preset must be"));
        RestAssured.given().multiPart("file", "f.png", UploadApiTest.image("png", 2, 2))
                .multiPart("upload_preset", "does_not_exist")
                .post(uploadUrl()).then().statusCode(400)
                .body("error.message", equalTo("Upload preset does_not_exist not found"));
    }

    @Test
    void corruptEmptyAndOversizedFilesAre400() throws Exception {
        byte[] png = UploadApiTest.image("png", 50, 50);
        signed(Map.of(), Arrays.copyOf(png, png.length - 20)).post(uploadUrl())
                .then().statusCode(400).body("error.message", containsString("Invalid image file"));
        signed(Map.of(), "not an image".getBytes()).post(uploadUrl())
                .then().statusCode(400).body("error.message", equalTo("Invalid image file"));
        signed(Map.of(), new byte[0]).post(uploadUrl())
                .then().statusCode(400).body("error.message", equalTo("Empty file"));
        byte[] big = new byte[2 * 1024 * 1024];
        System.arraycopy(png, 0, big, 0, png.length);
        signed(Map.of(), big).post(uploadUrl())
                .then().statusCode(400).body("error.message", containsString("File size too large"));
        // over the HTTP body limit (3M in tests): refused before the body is read, still in Cloudinary's shape
        signed(Map.of(), new byte[4 * 1024 * 1024]).post(uploadUrl())
                .then().statusCode(400).body("error.message", containsString("File size too large"));
    }

    @Test
    void pathTraversalAndUnknownParametersAre400() throws Exception {
        byte[] png = UploadApiTest.image("png", 3, 3);
        signed(Map.of("public_id", "../../etc/passwd"), png).post(uploadUrl())
                .then().statusCode(400).body("error.message", containsString("public_id"));
        signed(Map.of("folder", "a/../.."), png).post(uploadUrl())
                .then().statusCode(400).body("error.message", containsString("folder"));
        signed(Map.of("frobnicate", "yes"), png).post(uploadUrl())
                .then().statusCode(400).body("error.message", equalTo("Unknown parameter: frobnicate"));
        signed(Map.of("overwrite", "perhaps"), png).post(uploadUrl())
                .then().statusCode(400).body("error.message", containsString("Invalid boolean"));
        signed(Map.of(), png).post(base + "v1_1/" + SdkClients.config("cloud-name") + "/sound/upload")
                .then().statusCode(400).body("error.message", containsString("Invalid resource type"));
    }

    @Test
    void refusedRemoteFilesAndBadDataUrisAre400() {
        Map<String, String> params = new HashMap<>();
        params.put("timestamp", Long.toString(System.currentTimeMillis() / 1000));
        params.put("file", "ftp://example.com/x.png");
        params.put("signature", RequestSignature.sign(params, SdkClients.config("api-secret"),
                SignatureAlgorithm.SHA1, 2));
        params.put("api_key", SdkClients.config("api-key"));
        RestAssured.given().formParams(params).post(uploadUrl()).then().statusCode(400)
                .body("error.message", containsString("http and https"));
        params.put("file", "data:image/png;base64,!!!");
        params.put("signature", RequestSignature.sign(params, SdkClients.config("api-secret"),
                SignatureAlgorithm.SHA1, 2));
        RestAssured.given().formParams(params).post(uploadUrl()).then().statusCode(400)
                .body("error.message", containsString("data URI"));
    }

    @Test
    void adminApiWantsBasicAuthAndAnswersUnknownResourcesWith404() {
        String admin = base + "v1_1/" + SdkClients.config("cloud-name");
        RestAssured.get(admin + "/ping").then().statusCode(401).body("error.message", containsString("api_key"));
        RestAssured.given().auth().preemptive().basic(SdkClients.config("api-key"), "wrong")
                .get(admin + "/ping").then().statusCode(401);
        RestAssured.given().auth().preemptive().basic(SdkClients.config("api-key"), SdkClients.config("api-secret"))
                .get(admin + "/ping").then().statusCode(200).body("status", equalTo("ok"));
        RestAssured.given().auth().preemptive().basic(SdkClients.config("api-key"), SdkClients.config("api-secret"))
                .get(admin + "/resources/image/upload/no/such/asset").then().statusCode(404)
                .body("error.message", containsString("not found"));
    }
}
