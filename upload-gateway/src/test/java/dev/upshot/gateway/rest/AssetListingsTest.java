package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.utils.ObjectUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listings by tag, context, moderation and asset ids, the lookup by asset id and the tags listing, through the
 * official Java SDK: newest first, direction, cursors, the SDKs' flags, and the tag/context indexes (migration
 * V11_1) kept in step with the Upload API's tag and context actions.
 */
@QuarkusTest
class AssetListingsTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void byTagNewestFirstWithCursorsDirectionAndFlags() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = run();
        String tag = "t_" + run;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add((String) cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4 + i), ObjectUtils.asMap(
                    "public_id", "bytag/" + run + "/" + i, "tags", List.of(tag, "other_" + run),
                    "context", "caption=n" + i)).get("public_id"));
        }
        // a tag that merely contains the listed one is another tag
        cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4), ObjectUtils.asMap(
                "public_id", "bytag/" + run + "/x", "tags", tag + "_longer"));

        List<String> newestFirst = ids.reversed();
        assertEquals(newestFirst, all(cursor -> cloudinary.api().resourcesByTag(tag,
                ObjectUtils.asMap("max_results", 2, "next_cursor", cursor))));
        assertEquals(ids, all(cursor -> cloudinary.api().resourcesByTag(tag,
                ObjectUtils.asMap("max_results", 2, "next_cursor", cursor, "direction", "asc"))));

        Map<?, ?> plain = first(cloudinary.api().resourcesByTag(tag, ObjectUtils.emptyMap()));
        assertFalse(plain.containsKey("tags") || plain.containsKey("context") || plain.containsKey("metadata"),
                "flags are off by default: " + plain);
        Map<?, ?> flagged = first(cloudinary.api().resourcesByTag(tag,
                ObjectUtils.asMap("tags", true, "context", true, "metadata", true)));
        assertEquals(List.of(tag, "other_" + run), flagged.get("tags"));
        assertEquals(Map.of("custom", Map.of("caption", "n4")), flagged.get("context"));
        assertEquals(Map.of(), flagged.get("metadata"), "metadata: true shows it, empty when none");
        Map<?, ?> selected = first(cloudinary.api().resourcesByTag(tag, ObjectUtils.asMap("fields", "tags")));
        assertEquals(Set.of("public_id", "asset_id", "folder", "tags"), selected.keySet());
        assertEquals("bytag/" + run, selected.get("folder"));
    }

    @Test
    void byContextKeyOrKeyAndValue() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = run();
        String key = "k_" + run;
        String odd = "a \"quoted\" = value | é";
        String first = upload(cloudinary, "ctx/" + run + "/1", ObjectUtils.asMap("context", Map.of(key, "alt")));
        String second = upload(cloudinary, "ctx/" + run + "/2", ObjectUtils.asMap("context", Map.of(key, odd)));
        upload(cloudinary, "ctx/" + run + "/3", ObjectUtils.asMap("context", Map.of("other_" + run, "alt")));

        assertEquals(List.of(second, first), ids(cloudinary.api().resourcesByContext(key, ObjectUtils.emptyMap())));
        assertEquals(List.of(first), ids(cloudinary.api().resourcesByContext(key, "alt", ObjectUtils.emptyMap())));
        assertEquals(List.of(second), ids(cloudinary.api().resourcesByContext(key, odd, ObjectUtils.emptyMap())));
        assertEquals(List.of(), ids(cloudinary.api().resourcesByContext(key, "al", ObjectUtils.emptyMap())));
        assertEquals(List.of(first, second), all(cursor -> cloudinary.api().resourcesByContext(key,
                ObjectUtils.asMap("max_results", 1, "next_cursor", cursor, "direction", "1"))));
        Map<?, ?> withMetadata = first(cloudinary.api().resourcesByContext(key, "alt",
                ObjectUtils.asMap("metadata", true)));
        assertTrue(withMetadata.containsKey("metadata"), withMetadata.toString());

        admin().get(path("resources/image/context")).then().statusCode(400)
                .body("error.message", containsString("key"));
    }

    @Test
    void indexesFollowTheUploadApiTagAndContextActions() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = run();
        String id = upload(cloudinary, "actions/" + run, ObjectUtils.asMap("tags", "before_" + run));
        String[] ids = {id};

        cloudinary.uploader().addTag("added_" + run, ids, ObjectUtils.emptyMap());
        assertEquals(List.of(id), ids(cloudinary.api().resourcesByTag("added_" + run, ObjectUtils.emptyMap())));
        cloudinary.uploader().replaceTag("replaced_" + run, ids, ObjectUtils.emptyMap());
        assertEquals(List.of(), ids(cloudinary.api().resourcesByTag("added_" + run, ObjectUtils.emptyMap())));
        assertEquals(List.of(), ids(cloudinary.api().resourcesByTag("before_" + run, ObjectUtils.emptyMap())));
        assertEquals(List.of(id), ids(cloudinary.api().resourcesByTag("replaced_" + run, ObjectUtils.emptyMap())));
        cloudinary.uploader().removeAllTags(ids, ObjectUtils.emptyMap());
        assertEquals(List.of(), ids(cloudinary.api().resourcesByTag("replaced_" + run, ObjectUtils.emptyMap())));

        cloudinary.uploader().addContext(ObjectUtils.asMap("c_" + run, "v"), ids, ObjectUtils.emptyMap());
        assertEquals(List.of(id), ids(cloudinary.api().resourcesByContext("c_" + run, "v", ObjectUtils.emptyMap())));
        cloudinary.uploader().removeAllContext(ids, ObjectUtils.emptyMap());
        assertEquals(List.of(), ids(cloudinary.api().resourcesByContext("c_" + run, ObjectUtils.emptyMap())));

        // an overwriting upload replaces the tags
        cloudinary.uploader().upload(UploadApiTest.image("png", 5, 5), ObjectUtils.asMap("public_id", id,
                "tags", "again_" + run));
        assertEquals(List.of(id), ids(cloudinary.api().resourcesByTag("again_" + run, ObjectUtils.emptyMap())));
    }

    @Test
    void byAssetIds() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = run();
        Map<?, ?> a = cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4),
                ObjectUtils.asMap("public_id", "aid/" + run + "/a", "tags", "x"));
        Map<?, ?> b = cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4),
                ObjectUtils.asMap("public_id", "aid/" + run + "/b"));
        String assetA = (String) a.get("asset_id");
        String assetB = (String) b.get("asset_id");

        ApiResponse one = cloudinary.api().resourceByAssetID(assetA, ObjectUtils.asMap("tags", true));
        assertEquals("aid/" + run + "/a", one.get("public_id"));
        assertEquals(List.of("x"), one.get("tags"));
        admin().get(path("resources/0123456789abcdef0123456789abcdef")).then().statusCode(404)
                .body("error.message", containsString("Resource not found"));

        assertEquals(List.of("aid/" + run + "/b", "aid/" + run + "/a"), ids(cloudinary.api().resourcesByAssetIDs(
                List.of(assetA, assetB, "no-such-asset"), ObjectUtils.asMap("tags", true))));
        Map<?, ?> selected = admin().queryParam("asset_ids[]", assetA).queryParam("fields", "tags")
                .get(path("resources/by_asset_ids")).then().statusCode(200).extract().path("resources[0]");
        assertEquals(Set.of("public_id", "asset_id", "folder", "tags"), selected.keySet());
        admin().get(path("resources/by_asset_ids")).then().statusCode(400)
                .body("error.message", containsString("asset_ids"));
    }

    @Test
    void tagsListingTakesALiteralPrefixAndPages() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = run();
        String prefix = "lt" + run;
        upload(cloudinary, "tags/" + run + "/1", ObjectUtils.asMap("tags", List.of(prefix + "_a", prefix + "xb")));
        upload(cloudinary, "tags/" + run + "/2", ObjectUtils.asMap("tags", List.of(prefix + "_a", prefix + "%c",
                prefix + "_d")));

        assertEquals(List.of(prefix + "%c", prefix + "_a", prefix + "_d", prefix + "xb"),
                tags(cloudinary.api().tags(ObjectUtils.asMap("prefix", prefix))));
        assertEquals(List.of(prefix + "_a", prefix + "_d"),
                tags(cloudinary.api().tags(ObjectUtils.asMap("prefix", prefix + "_"))), "_ is not a wildcard");
        assertEquals(List.of(prefix + "%c"),
                tags(cloudinary.api().tags(ObjectUtils.asMap("prefix", prefix + "%"))), "% is not a wildcard");
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page = cloudinary.api().tags(ObjectUtils.asMap("prefix", prefix, "max_results", 3,
                    "next_cursor", cursor));
            paged.addAll(tags(page));
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        assertEquals(List.of(prefix + "%c", prefix + "_a", prefix + "_d", prefix + "xb"), paged);
        assertEquals(List.of(), tags(cloudinary.api().tags(ObjectUtils.asMap("prefix", "no_such_tag_" + run))));
    }

    /**
     * The tags listing's table (migration V11_5, kept by triggers) under parallel add/remove calls on overlapping
     * assets, then destroys: the listing equals the distinct tags the assets carry, per resource type.
     */
    @Test
    void tagsListingEqualsTheAssetsTagsAfterConcurrentChangesAndDestroys() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = "tr" + run();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(upload(cloudinary, "tagrace/" + run + "/" + i, ObjectUtils.asMap("tags",
                    List.of(run + "_base", run + "_only" + i))));
        }
        cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4), ObjectUtils.asMap("public_id",
                "tagrace/" + run + "/raw", "resource_type", "raw", "tags", run + "_raw"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String tag = run + "_c" + i % 4;
                String[] some = {ids.get(i % 6), ids.get((i + 1) % 6), ids.get((i + 3) % 6)};
                boolean remove = i % 3 == 2;
                calls.add(pool.submit(() -> remove
                        ? cloudinary.uploader().removeTag(tag, some, ObjectUtils.emptyMap())
                        : cloudinary.uploader().addTag(tag, some, ObjectUtils.emptyMap())));
            }
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> afterChanges = tags(cloudinary.api().tags(ObjectUtils.asMap("prefix", run, "max_results", 500)));
        assertEquals(assetsTags(cloudinary, run), afterChanges);
        assertTrue(afterChanges.contains(run + "_base") && !afterChanges.contains(run + "_raw"),
                afterChanges::toString);

        cloudinary.uploader().destroy(ids.getFirst(), ObjectUtils.emptyMap());
        cloudinary.uploader().removeTag(run + "_base", ids.subList(1, 6).toArray(String[]::new),
                ObjectUtils.emptyMap());
        List<String> afterDestroy = tags(cloudinary.api().tags(ObjectUtils.asMap("prefix", run, "max_results", 500)));
        assertEquals(assetsTags(cloudinary, run), afterDestroy);
        assertFalse(afterDestroy.contains(run + "_only0") || afterDestroy.contains(run + "_base"),
                afterDestroy::toString);
        assertEquals(List.of(run + "_raw"), tags(cloudinary.api().tags(ObjectUtils.asMap("prefix", run,
                "resource_type", "raw"))));
    }

    /** The distinct tags of this run's image assets, in code point order, read from the assets themselves. */
    private static List<String> assetsTags(Cloudinary cloudinary, String run) throws Exception {
        TreeSet<String> tags = new TreeSet<>();
        for (Object resource : (List<?>) cloudinary.api().resources(ObjectUtils.asMap("type", "upload",
                "prefix", "tagrace/" + run + "/", "tags", true, "max_results", 500)).get("resources")) {
            if (((Map<?, ?>) resource).get("tags") instanceof List<?> carried) {
                carried.forEach(tag -> tags.add((String) tag));
            }
        }
        return List.copyOf(tags);
    }

    @Test
    void moderationQueueNewestFirstWithMetadataFlag() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = run();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(upload(cloudinary, "modlist/" + run + "/" + i, ObjectUtils.asMap("moderation", "manual")));
        }
        List<String> queue = all(cursor -> cloudinary.api().resourcesByModeration("manual", "pending",
                ObjectUtils.asMap("max_results", 2, "next_cursor", cursor)));
        assertEquals(ids.reversed(), queue.stream().filter(id -> id.startsWith("modlist/" + run)).toList(),
                "newest first");
        Map<?, ?> withMetadata = first(cloudinary.api().resourcesByModeration("manual", "pending",
                ObjectUtils.asMap("metadata", true, "moderations", true)));
        assertTrue(withMetadata.containsKey("metadata") && withMetadata.containsKey("moderation"),
                withMetadata.toString());
        assertNull(first(cloudinary.api().resourcesByModeration("manual", "pending",
                ObjectUtils.asMap("metadata", false))).get("metadata"));
        admin().queryParam("direction", "sideways").get(path("resources/image/moderations/manual/pending"))
                .then().statusCode(400).body("error.message", containsString("direction"));
    }

    private interface PageCall {
        ApiResponse call(String cursor) throws Exception;
    }

    /** Every page's public ids, following the cursors. */
    private static List<String> all(PageCall call) throws Exception {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page = call.call(cursor);
            seen.addAll(ids(page));
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        return seen;
    }

    private static String upload(Cloudinary cloudinary, String publicId, Map<String, Object> options)
            throws Exception {
        options.put("public_id", publicId);
        return (String) cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4), options).get("public_id");
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<?, ?> first(ApiResponse page) {
        return (Map<?, ?>) ((List<?>) page.get("resources")).getFirst();
    }

    private static List<String> ids(ApiResponse page) {
        return ((List<?>) page.get("resources")).stream().map(r -> (String) ((Map<?, ?>) r).get("public_id"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> tags(ApiResponse page) {
        return (List<String>) page.get("tags");
    }

    private static RequestSpecification admin() {
        return RestAssured.given().auth().preemptive()
                .basic(SdkClients.config("api-key"), SdkClients.config("api-secret"));
    }

    private String path(String rest) {
        return base + "v1_1/" + SdkClients.config("cloud-name") + "/" + rest;
    }
}
