package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.contracts.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Admin API triggers (global notification URLs), as Cloudinary documents them. */
@QuarkusTest
class TriggerApiTest {
    @TestHTTPResource("/")
    URL base;

    private RequestSpecification admin() {
        return RestAssured.given().auth().preemptive()
                .basic(SdkClients.config("api-key"), SdkClients.config("api-secret")).contentType(ContentType.JSON);
    }

    private String triggers() {
        return base + "v1_1/" + SdkClients.config("cloud-name") + "/triggers";
    }

    @Test
    void createListUpdateDelete() {
        String uri = "https://hooks.example.com/" + UUID.randomUUID();
        String id = admin().body(Map.of("uri", uri, "event_type", "delete")).post(triggers())
                .then().statusCode(200).body("uri", equalTo(uri)).body("uri_type", equalTo("webhook"))
                .body("event_type", equalTo("delete")).extract().path("id");
        admin().body(Map.of("uri", uri, "event_type", "delete")).post(triggers()).then().statusCode(409);

        admin().queryParam("event_type", "delete").get(triggers()).then().statusCode(200)
                .body("triggers.id", hasItem(id));
        admin().queryParam("event_type", "upload").get(triggers()).then().statusCode(200)
                .body("triggers.id", not(hasItem(id)));

        String moved = uri + "/moved";
        admin().body(Map.of("new_uri", moved)).put(triggers() + "/" + id).then().statusCode(200)
                .body("uri", equalTo(moved));
        admin().delete(triggers() + "/" + id).then().statusCode(200).body("message", equalTo("ok"));
        admin().delete(triggers() + "/" + id).then().statusCode(404);
    }

    @Test
    void aTriggerMayAskForStandardWebhooksSignatures() {
        String uri = "https://standard.example/" + UUID.randomUUID();
        String id = admin().body(Map.of("uri", uri, "event_type", "moderation", "signature_scheme", "standard"))
                .post(triggers()).then().statusCode(200).body("signature_scheme", equalTo("standard"))
                .extract().path("id");
        admin().queryParam("event_type", "moderation").get(triggers()).then().statusCode(200)
                .body("triggers.find { it.id == '" + id + "' }.signature_scheme", equalTo("standard"));
        admin().body(Map.of("uri", uri + "/plain", "event_type", "moderation")).post(triggers()).then()
                .statusCode(200).body("signature_scheme", equalTo("cloudinary"));
        admin().body(Map.of("uri", uri + "/odd", "event_type", "moderation", "signature_scheme", "svix"))
                .post(triggers()).then().statusCode(400).body("error.message", containsString("signature_scheme"));
    }

    @Test
    void refusesBadInputAndMoreThanThirtyPerType() {
        admin().body(Map.of("uri", "ftp://x/y", "event_type", "upload")).post(triggers()).then().statusCode(400)
                .body("error.message", containsString("uri"));
        admin().body(Map.of("uri", "https://x.example/y", "event_type", "rename")).post(triggers()).then()
                .statusCode(400).body("error.message", containsString("event_type"));
        admin().body(Map.of("event_type", "upload")).post(triggers()).then().statusCode(400);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("uri", "https://a.example", "event_type", "eager"))
                .post(triggers()).then().statusCode(401);

        List<String> ids = new java.util.ArrayList<>();
        String prefix = "https://many.example/" + UUID.randomUUID() + "/";
        for (int i = 0; i < 30; i++) {
            admin().body(Map.of("uri", prefix + i, "event_type", "eager")).post(triggers()).then().statusCode(200);
        }
        admin().body(Map.of("uri", prefix + 30, "event_type", "eager")).post(triggers()).then().statusCode(400)
                .body("error.message", containsString("30"));
        admin().queryParam("event_type", "eager").get(triggers()).then().extract().<List<Map<String, String>>>path("triggers")
                .stream().filter(t -> t.get("uri").startsWith(prefix)).forEach(t -> ids.add(t.get("id")));
        ids.forEach(id -> admin().delete(triggers() + "/" + id).then().statusCode(200));
    }

    @Test
    void deletingAnAssetNotifiesTheDeleteTriggers() throws Exception {
        String uri = "https://deletes.example/" + UUID.randomUUID();
        String id = admin().body(Map.of("uri", uri, "event_type", "delete")).post(triggers())
                .then().statusCode(200).extract().path("id");
        String publicId = "doomed/" + UUID.randomUUID();
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4), ObjectUtils.asMap("public_id", publicId));
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.NOTIFICATION_REQUESTED));
            cloudinary.api().deleteResources(List.of(publicId), ObjectUtils.emptyMap());
            NotificationRequested request = EventCodec.payload(TestEvents.awaitFor(consumer, List.of(publicId),
                    envelope -> {
                        NotificationRequested r = EventCodec.payload(envelope, NotificationRequested.class);
                        return r.notificationType().equals("delete") ? r.body().at("/resources/0/public_id").asText()
                                : null;
                    }).get(publicId), NotificationRequested.class);
            assertEquals(List.of(uri), request.targets());
            assertEquals("delete", request.body().get("notification_type").asText());
            assertEquals("upload", request.body().at("/resources/0/type").asText());
        } finally {
            admin().delete(triggers() + "/" + id).then().statusCode(200);
        }
    }
}
