package dev.upshot.system;

import com.cloudinary.api.ApiResponse;
import com.cloudinary.api.exceptions.BadRequest;
import com.cloudinary.api.exceptions.NotFound;
import com.cloudinary.utils.ObjectUtils;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Java SDK's Admin API methods on assets and presets, and its upload options, on the packaged services:
 * {@code ping}, {@code resourceTypes}, {@code resources} (prefix, cursors, direction, fields, start_at),
 * {@code resourcesByIds}, {@code deleteResources}, {@code deleteAllResources}, the upload preset methods,
 * {@code allowed_formats} and {@code format}.
 */
class AdminResourcesIT extends OnPlatform {
    private static final byte[] JPEG_MAGIC = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    @Test
    void listLookUpAndDeleteAssets() throws Exception {
        assertEquals("ok", cloudinary.api().ping(ObjectUtils.emptyMap()).get("status"));
        assertTrue(((List<?>) cloudinary.api().resourceTypes(ObjectUtils.emptyMap()).get("resource_types"))
                .contains("image"));

        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "admin/" + run + "/";
        List<String> ids = List.of(prefix + "a", prefix + "b", prefix + "c");
        Map<?, ?> first = null;
        for (String id : ids) {
            Map<?, ?> uploaded = cloudinary.uploader().upload(Png.of(7, 5), ObjectUtils.asMap("public_id", id,
                    "tags", "t_" + run));
            first = first == null ? uploaded : first;
        }

        ApiResponse page = cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix,
                "max_results", 2));
        assertEquals(List.of(ids.get(2), ids.get(1)), ids(page), "newest first");
        assertNotNull(page.get("next_cursor"));
        ApiResponse rest = cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix,
                "max_results", 2, "next_cursor", page.get("next_cursor")));
        assertEquals(List.of(ids.getFirst()), ids(rest));
        assertNull(rest.get("next_cursor"));

        ApiResponse narrow = cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix,
                "direction", "asc", "fields", List.of("tags", "width")));
        assertEquals(ids, ids(narrow));
        for (Map<?, ?> r : resources(narrow)) {
            assertEquals(7, r.get("width"), r.toString());
            assertEquals(List.of("t_" + run), r.get("tags"), r.toString());
            assertTrue(r.containsKey("asset_id") && !r.containsKey("bytes") && !r.containsKey("secure_url"),
                    r.toString());
        }

        assertEquals(ids, ids(cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix,
                "direction", "asc", "start_at", first.get("created_at")))));
        assertEquals(List.of(), ids(cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix,
                "start_at", Instant.now().plusSeconds(60).toString()))));
        assertThrows(BadRequest.class, () -> cloudinary.api().resources(ObjectUtils.asMap("type", "upload",
                "start_at", "yesterday")));

        // the Java SDK 2.4.0 forwards only tags, context and moderations here (no fields)
        ApiResponse byIds = cloudinary.api().resourcesByIds(List.of(ids.get(0), ids.get(2), prefix + "missing"),
                ObjectUtils.asMap("tags", true));
        assertEquals(List.of(ids.get(2), ids.get(0)), ids(byIds));
        assertEquals(List.of("t_" + run), resources(byIds).getFirst().get("tags"));
        assertFalse(resources(cloudinary.api().resourcesByIds(List.of(ids.getFirst()), ObjectUtils.emptyMap()))
                .getFirst().containsKey("tags"), "tags only when asked");

        ApiResponse deleted = cloudinary.api().deleteResources(List.of(ids.get(1), prefix + "missing"),
                ObjectUtils.emptyMap());
        assertEquals(Map.of(ids.get(1), "deleted", prefix + "missing", "not_found"), deleted.get("deleted"));
        assertThrows(NotFound.class, () -> cloudinary.api().resource(ids.get(1), ObjectUtils.emptyMap()));
        assertEquals(List.of(ids.get(2), ids.get(0)), ids(cloudinary.api().resources(ObjectUtils.asMap("type",
                "upload", "prefix", prefix))));
    }

    /** Raw authenticated assets, which no other test of the account keeps (the Node SDK's test wipes raw private). */
    @Test
    void deleteAllResourcesDeletesOneResourceAndDeliveryType() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> rawAuthenticated = ObjectUtils.asMap("resource_type", "raw", "type", "authenticated");
        List<String> names = List.of("all/" + run + "/a.txt", "all/" + run + "/b.txt");
        for (String name : names) {
            cloudinary.uploader().upload(("text " + name).getBytes(StandardCharsets.UTF_8),
                    ObjectUtils.asMap("resource_type", "raw", "type", "authenticated", "public_id", name));
        }
        String kept = "all/" + run + "/kept.txt";
        cloudinary.uploader().upload("kept".getBytes(StandardCharsets.UTF_8), ObjectUtils.asMap("resource_type",
                "raw", "public_id", kept));

        ApiResponse result = cloudinary.api().deleteAllResources(rawAuthenticated);
        for (String name : names) {
            assertEquals("deleted", ((Map<?, ?>) result.get("deleted")).get(name), result.toString());
        }
        assertEquals(false, result.get("partial"));
        assertEquals(List.of(), ids(cloudinary.api().resources(rawAuthenticated)));
        assertThrows(NotFound.class, () -> cloudinary.api().resource(names.getFirst(), rawAuthenticated));
        assertEquals(kept, cloudinary.api().resource(kept, ObjectUtils.asMap("resource_type", "raw"))
                .get("public_id"));
    }

    @Test
    void uploadPresetsCreatedListedUpdatedUsedAndDeleted() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String name = "java_preset_" + run;
        ApiResponse created = cloudinary.api().createUploadPreset(ObjectUtils.asMap("name", name, "unsigned", false,
                "tags", "a,b", "folder", "presets_" + run));
        assertEquals("created", created.get("message"));
        assertEquals(name, created.get("name"));
        Map<?, ?> read = cloudinary.api().uploadPreset(name, ObjectUtils.emptyMap());
        assertEquals(false, read.get("unsigned"));
        assertEquals(List.of("a", "b"), ((Map<?, ?>) read.get("settings")).get("tags"));
        assertTrue(((List<?>) cloudinary.api().uploadPresets(ObjectUtils.asMap("max_results", 500)).get("presets"))
                .stream().anyMatch(p -> name.equals(((Map<?, ?>) p).get("name"))), "listed");

        cloudinary.api().updateUploadPreset(name, ObjectUtils.asMap("unsigned", true, "tags", "c"));
        Map<?, ?> updated = cloudinary.api().uploadPreset(name, ObjectUtils.emptyMap());
        assertEquals(true, updated.get("unsigned"));
        assertEquals(List.of("c"), ((Map<?, ?>) updated.get("settings")).get("tags"));
        Map<?, ?> uploaded = cloudinary.uploader().unsignedUpload(Png.of(3, 3), name, ObjectUtils.emptyMap());
        assertEquals(List.of("c"), uploaded.get("tags"));
        assertTrue(((String) uploaded.get("public_id")).startsWith("presets_" + run + "/"), uploaded.toString());

        assertEquals("deleted", cloudinary.api().deleteUploadPreset(name, ObjectUtils.emptyMap()).get("message"));
        assertThrows(NotFound.class, () -> cloudinary.api().uploadPreset(name, ObjectUtils.emptyMap()));
    }

    @Test
    void allowedFormatsAndFormat() throws Exception {
        assertEquals("png", cloudinary.uploader().upload(Png.of(12, 12), ObjectUtils.asMap("allowed_formats",
                List.of("png", "jpeg"))).get("format"));
        // the SDK's Upload API methods throw a RuntimeException with the answer's message
        RuntimeException refused = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(
                Png.of(12, 12), ObjectUtils.asMap("allowed_formats", List.of("jpg"))));
        assertTrue(refused.getMessage().contains("Image file format png not allowed"), refused.getMessage());

        Map<?, ?> converted = cloudinary.uploader().upload(Png.of(12, 12), ObjectUtils.asMap("allowed_formats",
                List.of("jpg"), "format", "jpg"));
        assertEquals("jpg", converted.get("format"));
        assertEquals(12, converted.get("width"));
        String url = (String) converted.get("secure_url");
        assertTrue(url.endsWith(".jpg"), url);
        byte[] delivered = get(url);
        assertArrayEquals(JPEG_MAGIC, Arrays.copyOf(delivered, 3));
        assertEquals(((Number) converted.get("bytes")).intValue(), delivered.length);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> resources(ApiResponse page) {
        return (List<Map<?, ?>>) page.get("resources");
    }

    private static List<String> ids(ApiResponse page) {
        return resources(page).stream().map(r -> (String) r.get("public_id")).toList();
    }

    private static byte[] get(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), url);
            return response.body();
        }
    }
}
