package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upload options through the official Java SDK: {@code allowed_formats} enforced, {@code format} converting the
 * stored original, add-ons and values the platform does not implement refused by name, a raw file's extension kept in
 * the public id named from its file, {@code url} percent-encoded; coordinates, {@code discard_original_filename} and
 * {@code access_mode} taking effect, and what the platform does not run ({@code callback}, {@code backup},
 * {@code regions}, unknown categorization names) refused by name, by upload and by explicit.
 */
@QuarkusTest
class UploadOptionsTest {
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    @TestHTTPResource("/")
    URL base;

    private Cloudinary cloudinary() {
        return SdkClients.cloudinary(base);
    }

    @Test
    void allowedFormatsAdmitsListedFormatsAndRefusesOthers() throws Exception {
        byte[] png = UploadApiTest.image("png", 10, 6);
        Map<?, ?> admitted = cloudinary().uploader().upload(png, ObjectUtils.asMap("allowed_formats",
                List.of("jpeg", "png")));
        assertEquals("png", admitted.get("format"));

        RuntimeException refused = assertThrows(RuntimeException.class, () -> cloudinary().uploader().upload(png,
                ObjectUtils.asMap("allowed_formats", List.of("jpg", "gif"))));
        assertEquals("Image file format png not allowed", refused.getMessage());
    }

    @Test
    void formatConvertsTheStoredOriginal() throws Exception {
        byte[] png = UploadApiTest.image("png", 12, 8);
        Map<?, ?> converted = cloudinary().uploader().upload(png, ObjectUtils.asMap("allowed_formats", "jpg",
                "format", "jpeg"));
        assertEquals("jpg", converted.get("format"));
        assertEquals(12, converted.get("width"));
        assertEquals(8, converted.get("height"));
        String url = (String) converted.get("secure_url");
        assertTrue(url.endsWith(".jpg"), url);
        byte[] stored = RestAssured.get(url).then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
        assertArrayEquals(JPEG_MAGIC, Arrays.copyOf(stored, 3));
        assertEquals(stored.length, ((Number) converted.get("bytes")).intValue());

        // allowed as it is: no conversion
        Map<?, ?> kept = cloudinary().uploader().upload(png, ObjectUtils.asMap("allowed_formats", "png,jpg",
                "format", "jpg"));
        assertEquals("png", kept.get("format"));

        RuntimeException notAnImage = assertThrows(RuntimeException.class, () -> cloudinary().uploader().upload(
                "notes".getBytes(StandardCharsets.UTF_8), ObjectUtils.asMap("resource_type", "raw", "format", "png")));
        assertTrue(notAnImage.getMessage().contains("only images are converted"), notAnImage.getMessage());
        RuntimeException unknown = assertThrows(RuntimeException.class, () -> cloudinary().uploader().upload(png,
                ObjectUtils.asMap("format", "psd")));
        assertTrue(unknown.getMessage().startsWith("Invalid format 'psd'"), unknown.getMessage());
    }

    @Test
    void whatThePlatformDoesNotImplementIsRefusedByName() throws Exception {
        byte[] png = UploadApiTest.image("png", 4, 4);
        Map<Map<String, Object>, String> refused = Map.of(
                Map.of("detection", "illegal"), "Detection invalid model 'illegal'",
                Map.of("background_removal", "cloudinary_ai"), "Parameter background_removal is invalid",
                Map.of("cinemagraph_analysis", true), "Parameter cinemagraph_analysis is invalid",
                Map.of("visual_search", true), "Parameter visual_search is invalid",
                Map.of("responsive_breakpoints", List.of(Map.of("create_derived", true))),
                "Parameter responsive_breakpoints is invalid",
                Map.of("transformation", "w_10"), "Parameter transformation is invalid",
                Map.of("resource_type", "raw", "raw_convert", "aspose"), "Raw convert is invalid: 'aspose'");
        for (Map.Entry<Map<String, Object>, String> entry : refused.entrySet()) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> cloudinary().uploader().upload(png, entry.getKey()), entry.getKey().toString());
            assertTrue(e.getMessage().startsWith(entry.getValue()), entry.getKey() + ": " + e.getMessage());
        }
        // a boolean add-on set to false asks for nothing
        Map<?, ?> plain = cloudinary().uploader().upload(png, ObjectUtils.asMap("cinemagraph_analysis", false));
        assertEquals("png", plain.get("format"));
    }

    @Test
    void uploadParametersThePlatformDoesNotRunAreRefusedByName() throws Exception {
        byte[] png = UploadApiTest.image("png", 4, 4);
        Map<Map<String, Object>, String> refused = Map.of(
                Map.of("callback", "https://app.example/cloudinary_cors.html"), "Parameter callback is invalid",
                Map.of("backup", true), "Parameter backup is invalid",
                Map.of("categorization", "illegal"), "Categorization item illegal is not valid",
                Map.of("categorization", "google_tagging,illegal"), "Categorization item illegal is not valid",
                Map.of("access_mode", "private"), "Invalid access_mode 'private'",
                Map.of("access_mode", "authenticated", "access_control", List.of(Map.of("access_type", "token"))),
                "access_mode authenticated and access_control together",
                Map.of("return_delete_token", true, "async", true), "return_delete_token is not supported with async");
        for (Map.Entry<Map<String, Object>, String> entry : refused.entrySet()) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> cloudinary().uploader().upload(png, entry.getKey()), entry.getKey().toString());
            assertTrue(e.getMessage().startsWith(entry.getValue()), entry.getKey() + ": " + e.getMessage());
        }
        // the Java SDK has no regions option: signed by hand, as the Node SDK sends it
        signedUpload(Map.of("regions", "{\"box\":[[1,2],[3,4]]}")).then().statusCode(400)
                .body("error.message", startsWith("Parameter regions is invalid"));
        // the Java SDK checks coordinates itself; the Node SDK sends them as given
        signedUpload(Map.of("custom_coordinates", "1,2,3")).then().statusCode(400)
                .body("error.message", startsWith("Invalid custom_coordinates '1,2,3'"));
        signedUpload(Map.of("face_coordinates", "1,2,3,-4")).then().statusCode(400)
                .body("error.message", startsWith("Invalid face_coordinates '1,2,3,-4'"));
        // explicit refuses the same values
        String id = "options/explicit/" + UUID.randomUUID();
        cloudinary().uploader().upload(png, ObjectUtils.asMap("public_id", id));
        RuntimeException explicit = assertThrows(RuntimeException.class, () -> cloudinary().uploader().explicit(id,
                ObjectUtils.asMap("type", "upload", "categorization", "illegal")));
        assertTrue(explicit.getMessage().startsWith("Categorization item illegal is not valid"), explicit.getMessage());
        RuntimeException explicitBackup = assertThrows(RuntimeException.class, () -> cloudinary().uploader()
                .explicit(id, ObjectUtils.asMap("type", "upload", "backup", true)));
        assertTrue(explicitBackup.getMessage().contains("backup"), explicitBackup.getMessage());

        // what asks for nothing passes
        Map<?, ?> plain = cloudinary().uploader().upload(png, ObjectUtils.asMap("backup", false,
                "access_mode", "public"));
        assertEquals("png", plain.get("format"));
        assertFalse(plain.containsKey("access_control"), plain.toString());
    }

    @Test
    void coordinatesOriginalFilenameAndAccessModeAtUploadTakeEffect() throws Exception {
        Path file = Files.createTempDirectory("options").resolve("sunset.png");
        Files.write(file, UploadApiTest.image("png", 40, 30));
        String id = "options/coordinates/" + UUID.randomUUID();
        Map<?, ?> uploaded = cloudinary().uploader().upload(file.toFile(), ObjectUtils.asMap("public_id", id,
                "custom_coordinates", "1,2,3,4", "face_coordinates", "5,6,7,8|9,10,11,12"));
        assertEquals("sunset", uploaded.get("original_filename"));
        assertEquals(Map.of("custom", List.of(List.of(1, 2, 3, 4)),
                        "faces", List.of(List.of(5, 6, 7, 8), List.of(9, 10, 11, 12))),
                cloudinary().api().resource(id, ObjectUtils.asMap("coordinates", true)).get("coordinates"));

        Map<?, ?> discarded = cloudinary().uploader().upload(file.toFile(), ObjectUtils.asMap(
                "discard_original_filename", true));
        assertFalse(discarded.containsKey("original_filename"), discarded.toString());

        // access_mode authenticated: delivered by signed URLs only, as an access_control token rule
        Map<?, ?> authenticated = cloudinary().uploader().upload(file.toFile(), ObjectUtils.asMap(
                "access_mode", "authenticated"));
        assertEquals(List.of(Map.of("access_type", "token")), authenticated.get("access_control"));
        RestAssured.get((String) authenticated.get("secure_url")).then().statusCode(401);
    }

    /** An upload signed as the SDKs sign it, with parameters the Java SDK does not send. */
    private io.restassured.response.Response signedUpload(Map<String, Object> extra) throws Exception {
        Map<String, Object> params = new java.util.HashMap<>(extra);
        params.put("timestamp", String.valueOf(System.currentTimeMillis() / 1000));
        cloudinary().signRequest(params, new java.util.HashMap<>()); // adds api_key and signature
        return RestAssured.given().formParams(params).formParam("file", "data:image/png;base64,"
                        + java.util.Base64.getEncoder().encodeToString(UploadApiTest.image("png", 4, 4)))
                .post(base + "v1_1/" + SdkClients.config("cloud-name") + "/image/upload");
    }

    @Test
    void rawPublicIdNamedFromItsFileKeepsTheExtension() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("upshot-", "-report_" + run + ".csv");
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, csv);
        try {
            String name = file.getFileName().toString();
            Map<?, ?> exact = cloudinary().uploader().upload(file.toFile(), ObjectUtils.asMap("resource_type", "raw",
                    "use_filename", true, "unique_filename", false));
            assertEquals(name, exact.get("public_id"));
            assertEquals(name.substring(0, name.length() - 4), exact.get("original_filename"));
            String url = (String) exact.get("secure_url");
            assertTrue(url.endsWith("/raw/upload/v" + exact.get("version") + "/" + name), url);
            assertArrayEquals(csv, RestAssured.get(url).then().statusCode(200).extract().asByteArray());

            Map<?, ?> unique = cloudinary().uploader().upload(file.toFile(), ObjectUtils.asMap("resource_type", "raw",
                    "use_filename", true, "filename_override", "renamed.txt"));
            assertTrue(((String) unique.get("public_id")).matches("renamed_[a-z0-9]{6}\\.txt"),
                    (String) unique.get("public_id"));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void urlIsPercentEncodedAndReUploadable() throws Exception {
        String id = "options/ünï cödé/" + UUID.randomUUID() + " +=";
        byte[] png = UploadApiTest.image("png", 5, 5);
        Map<?, ?> uploaded = cloudinary().uploader().upload(png, ObjectUtils.asMap("public_id", id));
        String url = (String) uploaded.get("secure_url");
        assertTrue(url.contains("/options/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9/"), url);
        assertTrue(url.endsWith("%20%2B%3D.png"), url);
        assertTrue(url.chars().allMatch(c -> c > 0x20 && c < 0x7F), url);
        assertArrayEquals(png, RestAssured.given().urlEncodingEnabled(false).get(url).then().statusCode(200)
                .extract().asByteArray());
    }
}
