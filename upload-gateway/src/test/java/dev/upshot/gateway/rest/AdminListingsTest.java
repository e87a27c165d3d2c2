package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.utils.ObjectUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admin API listings through the official Java SDK: order, filters, fields, tags, resource types, deletion. */
@QuarkusTest
class AdminListingsTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void listingsAreNewestFirstAndFilterLiterally() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "list_" + run + "/";
        String tag = "tag_" + run;
        for (String name : List.of("a_1", "a-2", "ax3")) {
            cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4), ObjectUtils.asMap(
                    "public_id", prefix + name, "tags", name.equals("ax3") ? "other" : tag));
        }

        assertEquals(List.of(prefix + "ax3", prefix + "a-2", prefix + "a_1"),
                ids(cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix))));
        assertEquals(List.of(prefix + "a_1", prefix + "a-2", prefix + "ax3"), ids(cloudinary.api().resources(
                ObjectUtils.asMap("type", "upload", "prefix", prefix, "direction", "asc"))));
        assertEquals(List.of(prefix + "a_1"), ids(cloudinary.api().resources(
                ObjectUtils.asMap("type", "upload", "prefix", prefix + "a_"))), "_ is not a wildcard");
        assertEquals(List.of(), ids(cloudinary.api().resources(
                ObjectUtils.asMap("type", "upload", "prefix", prefix + "a%"))), "% is not a wildcard");

        ApiResponse byIds = cloudinary.api().resourcesByIds(List.of(prefix + "a_1", prefix + "ax3"),
                ObjectUtils.emptyMap());
        assertEquals(List.of(prefix + "ax3", prefix + "a_1"), ids(byIds));
        Map<String, ?> first = RestAssured.given().auth().preemptive()
                .basic(SdkClients.config("api-key"), SdkClients.config("api-secret"))
                .queryParam("public_ids[]", prefix + "ax3").queryParam("fields", "tags")
                .get(base + "v1_1/" + SdkClients.config("cloud-name") + "/resources/image/upload")
                .then().statusCode(200).extract().path("resources[0]");
        assertEquals(List.of("other"), first.get("tags"));
        assertTrue(!first.containsKey("bytes") && first.containsKey("asset_id"), first.toString());

        assertEquals(List.of(prefix + "a-2", prefix + "a_1"),
                ids(cloudinary.api().resourcesByTag(tag, ObjectUtils.emptyMap())));
        assertEquals(List.of(), ids(cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix,
                "start_at", java.time.Instant.now().plusSeconds(60).toString()))), "start_at");
        // the Node SDK sends a Date as toUTCString(), RFC 1123
        String rfc1123 = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5));
        assertEquals(3, ids(cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix,
                "start_at", rfc1123))).size(), "start_at " + rfc1123);
        assertEquals(List.of(), ids(cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix,
                "start_at", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                        .plusMinutes(1))))), "start_at in RFC 1123, after the uploads");
        assertTrue(((List<?>) cloudinary.api().resourceTypes(ObjectUtils.emptyMap()).get("resource_types"))
                .contains("image"));
    }

    @Test
    void deletingTakesPublicIdsLiterally() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String id = "del/" + UUID.randomUUID() + ",with a comma";
        cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4), ObjectUtils.asMap("public_id", id));
        ApiResponse deleted = cloudinary.api().deleteResources(List.of(id), ObjectUtils.emptyMap());
        assertEquals(Map.of(id, "deleted"), deleted.get("deleted"));
    }

    private static List<String> ids(ApiResponse page) {
        return ((List<?>) page.get("resources")).stream().map(r -> (String) ((Map<?, ?>) r).get("public_id"))
                .toList();
    }
}
