package dev.upshot.system;

import com.cloudinary.api.exceptions.NotFound;
import com.cloudinary.metadata.StringMetadataField;
import com.cloudinary.utils.ObjectUtils;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an application does with its assets after the upload, through the official Java SDK's Upload API methods
 * on the packaged services: tags (add, remove, replace, remove all), context (add, remove all), metadata, rename,
 * destroy.
 */
class AssetLifecycleIT extends OnPlatform {
    @Test
    void tagRelabelRenameAndDestroyAnAsset() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = "life/" + run;
        Map<?, ?> uploaded = cloudinary.uploader().upload(Png.of(12, 12), ObjectUtils.asMap("public_id", id,
                "tags", "new"));
        String[] ids = {id};

        assertEquals(List.of(id), cloudinary.uploader().addTag("kept,shown", ids, ObjectUtils.emptyMap())
                .get("public_ids"));
        cloudinary.uploader().removeTag("new", ids, ObjectUtils.emptyMap());
        cloudinary.uploader().addContext(ObjectUtils.asMap("alt", "a = b"), ids, ObjectUtils.emptyMap());
        Map<?, ?> details = cloudinary.api().resource(id, ObjectUtils.emptyMap());
        assertEquals(List.of("kept", "shown"), details.get("tags"));
        assertEquals(Map.of("custom", Map.of("alt", "a = b")), details.get("context"));

        String renamed = "life/renamed-" + run;
        Map<?, ?> moved = cloudinary.uploader().rename(id, renamed, ObjectUtils.emptyMap());
        assertEquals(uploaded.get("asset_id"), moved.get("asset_id"));
        assertEquals(200, status((String) moved.get("secure_url")));
        assertEquals(404, status((String) uploaded.get("secure_url")));

        assertEquals("ok", cloudinary.uploader().destroy(renamed, ObjectUtils.asMap("invalidate", true))
                .get("result"));
        assertThrows(NotFound.class, () -> cloudinary.api().resource(renamed, ObjectUtils.emptyMap()));
        assertEquals(404, status((String) moved.get("secure_url")));
        assertEquals("not found", cloudinary.uploader().destroy(renamed, ObjectUtils.emptyMap()).get("result"));
    }

    @Test
    void replaceAndClearTagsContextAndMetadata() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String[] ids = {"life/" + run + "/a", "life/" + run + "/b"};
        for (String id : ids) {
            cloudinary.uploader().upload(Png.of(6, 6), ObjectUtils.asMap("public_id", id,
                    "tags", List.of("t_" + run, "old"), "context", Map.of("alt", "x")));
        }
        StringMetadataField field = new StringMetadataField();
        field.setExternalId("life_" + run);
        field.setLabel("Life " + run);
        cloudinary.api().addMetadataField(field);
        try {
            String only = "only_" + run;
            assertEquals(List.of(ids[0]), cloudinary.uploader().replaceTag(only, new String[]{ids[0]},
                    ObjectUtils.emptyMap()).get("public_ids"));
            assertEquals(List.of(only), details(ids[0]).get("tags"));
            assertEquals(List.of("t_" + run, "old"), details(ids[1]).get("tags"));
            assertEquals(List.of(ids[0]), ((List<?>) cloudinary.api().resourcesByTag(only, ObjectUtils.emptyMap())
                    .get("resources")).stream().map(r -> ((Map<?, ?>) r).get("public_id")).toList());

            assertEquals(List.of(ids), cloudinary.uploader().removeAllTags(ids, ObjectUtils.emptyMap())
                    .get("public_ids"));
            assertEquals(List.of(), details(ids[0]).get("tags"));
            assertEquals(List.of(), details(ids[1]).get("tags"));

            assertEquals(List.of(ids[0]), cloudinary.uploader().removeAllContext(new String[]{ids[0]},
                    ObjectUtils.emptyMap()).get("public_ids"));
            assertNull(details(ids[0]).get("context"));
            assertEquals(Map.of("custom", Map.of("alt", "x")), details(ids[1]).get("context"));

            assertEquals(List.of(ids), cloudinary.uploader().updateMetadata(Map.of(field.getExternalId(), "blue"),
                    ids, ObjectUtils.emptyMap()).get("public_ids"));
            assertEquals(Map.of(field.getExternalId(), "blue"), details(ids[0]).get("metadata"));
            RuntimeException refused = assertThrows(RuntimeException.class, () -> cloudinary.uploader()
                    .updateMetadata(Map.of("nope_" + run, "x"), ids, ObjectUtils.emptyMap()));
            assertTrue(refused.getMessage().contains("nope_" + run), refused.getMessage());
            cloudinary.uploader().updateMetadata(Map.of(field.getExternalId(), ""), new String[]{ids[0]},
                    ObjectUtils.emptyMap());
            assertNull(details(ids[0]).get("metadata"));
            assertEquals(Map.of(field.getExternalId(), "blue"), details(ids[1]).get("metadata"));
        } finally {
            cloudinary.api().deleteMetadataField(field.getExternalId());
        }
    }

    private static Map<?, ?> details(String id) throws Exception {
        return cloudinary.api().resource(id, ObjectUtils.emptyMap());
    }

    private static int status(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
