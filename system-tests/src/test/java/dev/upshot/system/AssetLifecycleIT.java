package dev.upshot.system;

import com.cloudinary.api.exceptions.NotFound;
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
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What an application does with its assets after the upload, through the official Java SDK's Upload API methods
 * on the packaged services: tags, context, metadata, rename, destroy.
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

    private static int status(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
