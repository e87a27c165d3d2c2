package dev.upshot.system;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.api.exceptions.NotFound;
import com.cloudinary.utils.ObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Admin API listings an application looks its assets up with, through the official Java SDK on the packaged
 * services: {@code resourcesByTag}, {@code resourcesByContext}, {@code resourcesByModeration} with
 * {@code metadata}, {@code resourceByAssetID}, {@code resourcesByAssetIDs} and {@code tags}.
 */
class AssetListingsIT {
    private static Cloudinary cloudinary;

    @BeforeAll
    static void start() throws Exception {
        cloudinary = Platform.get().cloudinary;
    }

    @Test
    void listAndLookUpAssetsThroughTheJavaSdk() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tag = "it_" + run;
        String key = "key_" + run;
        Map<?, ?> first = cloudinary.uploader().upload(Png.of(8, 8), ObjectUtils.asMap("public_id",
                "listings/" + run + "/1", "tags", List.of(tag, tag + "_first"), "context", Map.of(key, "one"),
                "moderation", "manual"));
        Map<?, ?> second = cloudinary.uploader().upload(Png.of(9, 9), ObjectUtils.asMap("public_id",
                "listings/" + run + "/2", "tags", tag, "context", Map.of(key, "two")));
        String firstId = (String) first.get("public_id");
        String secondId = (String) second.get("public_id");

        assertEquals(List.of(secondId, firstId), ids(cloudinary.api().resourcesByTag(tag, ObjectUtils.emptyMap())));
        ApiResponse paged = cloudinary.api().resourcesByTag(tag, ObjectUtils.asMap("max_results", 1,
                "direction", "asc", "tags", true));
        assertEquals(List.of(firstId), ids(paged));
        assertEquals(List.of(tag, tag + "_first"), resources(paged).getFirst().get("tags"));
        assertEquals(List.of(secondId), ids(cloudinary.api().resourcesByTag(tag, ObjectUtils.asMap("max_results", 1,
                "direction", "asc", "next_cursor", paged.get("next_cursor")))));

        assertEquals(List.of(secondId, firstId), ids(cloudinary.api().resourcesByContext(key,
                ObjectUtils.emptyMap())));
        ApiResponse byValue = cloudinary.api().resourcesByContext(key, "two", ObjectUtils.asMap("context", true));
        assertEquals(List.of(secondId), ids(byValue));
        assertEquals(Map.of("custom", Map.of(key, "two")), resources(byValue).getFirst().get("context"));

        // the moderation worker puts the manual entry in the queue
        Map<?, ?> queued = await().atMost(Platform.DELIVERY).until(() -> resources(cloudinary.api()
                        .resourcesByModeration("manual", "pending", ObjectUtils.asMap("metadata", true,
                                "max_results", 500))).stream().filter(r -> firstId.equals(r.get("public_id")))
                .findFirst().orElse(null), Objects::nonNull);
        assertTrue(queued.containsKey("metadata"), queued.toString());

        Map<?, ?> byAssetId = cloudinary.api().resourceByAssetID((String) first.get("asset_id"),
                ObjectUtils.emptyMap());
        assertEquals(firstId, byAssetId.get("public_id"));
        assertThrows(NotFound.class, () -> cloudinary.api().resourceByAssetID("0123456789abcdef0123456789abcdef",
                ObjectUtils.emptyMap()));
        assertEquals(List.of(secondId, firstId), ids(cloudinary.api().resourcesByAssetIDs(
                List.of((String) first.get("asset_id"), (String) second.get("asset_id")), ObjectUtils.emptyMap())));

        assertEquals(List.of(tag, tag + "_first"), cloudinary.api().tags(ObjectUtils.asMap("prefix", tag))
                .get("tags"));
        assertEquals(List.of(tag + "_first"), cloudinary.api().tags(ObjectUtils.asMap("prefix", tag + "_"))
                .get("tags"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> resources(ApiResponse page) {
        return (List<Map<?, ?>>) page.get("resources");
    }

    private static List<String> ids(ApiResponse page) {
        return resources(page).stream().map(r -> (String) r.get("public_id")).toList();
    }
}
