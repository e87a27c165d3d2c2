package dev.upshot.dispatcher.it;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.Topics;
import dev.upshot.testsupport.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operators and receivers rely on beyond a plain delivery, against the real broker, database and HTTP: event id
 * and version headers, Standard Webhooks signatures checked by an implementation of the spec written here, secret
 * rotation, the per-target concurrency limit, disabling a failing target, the Admin API (list, replay, recover,
 * enable) and the SSRF guard.
 */
@QuarkusTest
@WithTestResource(KafkaTestTopics.class)
class WebhookOperationsTest extends DispatcherTestBase {
    /** The keys behind %test.upshot.accounts.default.webhook-secrets (application.properties). */
    private static final byte[] CURRENT_KEY = "upshot-test-current-signing-key!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PREVIOUS_KEY = "upshot-test-previous-signing-key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EXPIRED_KEY = "upshot-test-expired-signing-key!".getBytes(StandardCharsets.UTF_8);

    @Test
    void standardWebhooksSignaturesVerifyWithBothSecretsOfARotationAndStayTheSameAcrossRetries() {
        String target = receiver.endpoint("/standard", 503, 200);
        String plain = receiver.endpoint("/standard-plain", 200);
        Envelope event = publish("upload", List.of(target, plain), List.of(target));

        await().atMost(FIRST_DELIVERY).until(() -> tables().state(event.eventId()).equals(
                List.of("DELIVERED", "DELIVERED")));
        List<WebhookReceiver.Received> attempts = receiver.at("/standard");
        assertEquals(2, attempts.size());
        for (WebhookReceiver.Received request : attempts) {
            assertEquals(event.eventId().toString(), request.header("X-Upshot-Event-Id"));
            assertEquals("7", request.header("X-Upshot-Asset-Version"));
            String id = request.header("webhook-id");
            String timestamp = request.header("webhook-timestamp");
            assertTrue(id.startsWith("msg_" + event.eventId()), id);
            assertTrue(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond()) < 60, timestamp);
            Set<String> signatures = Set.copyOf(Arrays.asList(request.header("webhook-signature").split(" ")));
            assertEquals(2, signatures.size(), "current and previous secret, not the expired one: " + signatures);
            assertTrue(signatures.contains(expectedSignature(CURRENT_KEY, id, timestamp, request.bytes())));
            assertTrue(signatures.contains(expectedSignature(PREVIOUS_KEY, id, timestamp, request.bytes())));
            assertFalse(signatures.contains(expectedSignature(EXPIRED_KEY, id, timestamp, request.bytes())));
            assertFalse(signatures.contains(expectedSignature(CURRENT_KEY, id, timestamp,
                    (request.body() + " ").getBytes(StandardCharsets.UTF_8))));
            assertTrue(request.header("X-Cld-Signature").matches("[0-9a-f]{40}"), "Cloudinary's signature stays");
        }
        assertEquals(attempts.get(0).header("webhook-id"), attempts.get(1).header("webhook-id"),
                "a retry is the same message");

        var other = receiver.at("/standard-plain").getFirst();
        assertEquals(event.eventId().toString(), other.header("X-Upshot-Event-Id"));
        assertNull(other.header("webhook-signature"), "only the target that asked gets Standard Webhooks headers");
        assertTrue(other.header("X-Cld-Signature").matches("[0-9a-f]{40}"));
    }

    @Test
    void aSlowTargetGetsAtMostFourAttemptsAtOnceAndDoesNotDelayAnotherTarget() {
        String slow = receiver.slowEndpoint("/slow", Duration.ofSeconds(2), 200);
        List<Envelope> backlog = new ArrayList<>();
        for (int i = 0; i < 12; i++) {   // twelve assets: one asset's deliveries to a target go one at a time
            backlog.add(publish("asset-slow-" + i, "upload", List.of(slow), List.of()));
        }
        await().atMost(FIRST_DELIVERY).until(() -> receiver.mostConcurrent("/slow") >= 1);

        String fast = receiver.endpoint("/fast", 200);
        Instant published = Instant.now();
        Envelope quick = publish("upload", List.of(fast), List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.at("/fast").isEmpty());
        Duration waited = Duration.between(published, Instant.now());

        assertTrue(waited.compareTo(Duration.ofSeconds(2)) < 0, "the fast target waited " + waited);
        assertTrue(backlog.stream().anyMatch(e -> tables().state(e.eventId()).equals(List.of("PENDING"))),
                "the slow target still had a backlog when the fast one was served");
        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.stream()
                .allMatch(e -> tables().state(e.eventId()).equals(List.of("DELIVERED"))));
        assertEquals(4, receiver.mostConcurrent("/slow"), "per-target concurrency limit (default 4)");
        assertEquals(List.of("DELIVERED"), tables().state(quick.eventId()));
    }

    @Test
    void aTargetFailingForTheWholePeriodIsDisabledUntilTheAdminApiEnablesIt() {
        String target = receiver.endpoint("/failing", 500);
        Envelope first = publish("upload", List.of(target), List.of());
        await().atMost(FIRST_DELIVERY).until(() -> tables().state(first.eventId()).equals(List.of("DEAD")));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);   // disable-after

        Envelope second = publish("upload", List.of(target), List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> targetState(target).equals(List.of("DISABLED")));
        int attemptsWhenDisabled = receiver.at("/failing").size();
        Envelope third = publish("upload", List.of(target), List.of());
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertEquals(attemptsWhenDisabled, receiver.at("/failing").size(), "a disabled target gets nothing");
        assertEquals(List.of("PENDING"), tables().state(third.eventId()));
        admin().get(path("targets")).then().statusCode(200)
                .body("targets.find { it.target == '" + target + "' }.state", equalTo("disabled"));
        given().get("/q/metrics").then().body(containsString("upshot_webhook_targets_disabled_total"));

        receiver.endpoint("/failing", 200);
        admin().body(Map.of("target", target)).post(path("targets/enable")).then().statusCode(200)
                .body("message", equalTo("ok"));
        await().atMost(Duration.ofSeconds(30)).until(() -> tables().state(second.eventId()).equals(List.of("DELIVERED"))
                && tables().state(third.eventId()).equals(List.of("DELIVERED")));
        admin().body(Map.of("target", target)).post(path("targets/enable")).then().statusCode(404)
                .body("error.message", containsString("not disabled"));
    }

    @Test
    void theAdminApiListsReplaysAndRecovers() {
        String flaky = receiver.endpoint("/admin-flaky", 500, 500, 200);
        Envelope retried = publish("upload", List.of(flaky), List.of(flaky));
        await().atMost(FIRST_DELIVERY).until(() -> tables().state(retried.eventId()).equals(List.of("DELIVERED")));

        String id = admin().queryParam("target", flaky).get(path("deliveries")).then().statusCode(200)
                .body("deliveries", hasSize(1))
                .body("deliveries[0].status", equalTo("delivered"))
                .body("deliveries[0].event_id", equalTo(retried.eventId().toString()))
                .body("deliveries[0].attempt_count", equalTo(3))
                .body("deliveries[0].attempts.http_status", equalTo(List.of(500, 500, 200)))
                .body("deliveries[0].attempts[0].response_body", equalTo("answer 500"))
                .extract().path("deliveries[0].id");
        admin().queryParam("asset_id", retried.assetId()).queryParam("status", "delivered").get(path("deliveries"))
                .then().statusCode(200).body("deliveries.id", hasItem(id));

        admin().post(path("deliveries/" + id + "/replay")).then().statusCode(200).body("id", equalTo(id));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/admin-flaky").size() == 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> tables().state(retried.eventId()).equals(List.of("DELIVERED")));
        var replayed = receiver.at("/admin-flaky");
        assertEquals(replayed.getFirst().header("webhook-id"), replayed.getLast().header("webhook-id"),
                "a replay is the same message to the receiver");
        assertEquals(retried.eventId().toString(), replayed.getLast().header("X-Upshot-Event-Id"));
        admin().get(path("deliveries/" + id)).then().statusCode(200).body("attempts", hasSize(4));

        Instant before = Instant.now().minusSeconds(1);
        String down = receiver.endpoint("/admin-down", 500);
        Envelope dead = publish("upload", List.of(down), List.of());
        await().atMost(FIRST_DELIVERY).until(() -> tables().state(dead.eventId()).equals(List.of("DEAD")));
        receiver.endpoint("/admin-down", 200);
        admin().body(Map.of("target", down, "since", before.toString())).post(path("deliveries/recover")).then()
                .statusCode(200).body("recovered", equalTo(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> tables().state(dead.eventId()).equals(List.of("DELIVERED")));
        assertEquals(List.of(500, 500, 500, 500, 200), tables().attemptStatuses(dead.eventId()));
        admin().body(Map.of("target", down, "since", before.toString())).post(path("deliveries/recover")).then()
                .statusCode(200).body("recovered", equalTo(0));
    }

    @Test
    void theDeliveryLogPagesNewestFirstWithACursor() {
        String assetId = "asset-paged-" + UUID.randomUUID();
        String target = receiver.endpoint("/paged", 200);
        List<Envelope> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Envelope event = publish(assetId, "upload", List.of(target), List.of());
            events.add(event);
            await().atMost(FIRST_DELIVERY).until(() -> tables().state(event.eventId()).equals(List.of("DELIVERED")));
        }

        var first = admin().queryParam("asset_id", assetId).queryParam("max_results", 2).get(path("deliveries"))
                .then().statusCode(200).body("deliveries", hasSize(2)).extract();
        var second = admin().queryParam("asset_id", assetId).queryParam("max_results", 2)
                .queryParam("next_cursor", first.<String>path("next_cursor")).get(path("deliveries"))
                .then().statusCode(200).body("deliveries", hasSize(1)).extract();
        assertNull(second.path("next_cursor"), "the last page has no cursor");
        List<String> listed = new ArrayList<>(first.<List<String>>path("deliveries.event_id"));
        listed.addAll(second.path("deliveries.event_id"));
        assertEquals(events.reversed().stream().map(e -> e.eventId().toString()).toList(), listed);
    }

    @Test
    void theAdminApiAnswersBadRequestsInCloudinarysShape() {
        given().get(path("deliveries")).then().statusCode(401).body("error.message", equalTo("Must supply api_key"));
        given().auth().preemptive().basic(account().apiKey(), "wrong").get(path("deliveries")).then()
                .statusCode(401).body("error.message", equalTo("Invalid API secret"));
        admin().get("/v1_1/no-such-cloud/webhooks/deliveries").then().statusCode(401);
        admin().queryParam("status", "lost").get(path("deliveries")).then().statusCode(400)
                .body("error.message", containsString("status"));
        admin().queryParam("max_results", "0").get(path("deliveries")).then().statusCode(400);
        admin().get(path("deliveries/" + UUID.randomUUID())).then().statusCode(404)
                .body("error.message", containsString("not found"));
        admin().post(path("deliveries/" + UUID.randomUUID() + "/replay")).then().statusCode(404);
        admin().body(Map.of("since", Instant.now().toString())).post(path("deliveries/recover")).then()
                .statusCode(400).body("error.message", equalTo("Missing required parameter - target"));
        admin().body(Map.of("target", "http://x.example/", "since", "yesterday")).post(path("deliveries/recover"))
                .then().statusCode(400).body("error.message", containsString("since"));
        admin().contentType(ContentType.JSON).body("{not json").post(path("deliveries/recover")).then()
                .statusCode(400).body("error.message", containsString("JSON"));
    }

    @Test
    void theSsrfGuardRefusesPrivateAndMetadataTargetsWithoutContactingThem() {
        Envelope event = publish("upload", List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/",
                "http://[::ffff:10.0.0.1]/hook", "file:///etc/passwd"), List.of());
        await().atMost(FIRST_DELIVERY).until(() -> tables().state(event.eventId()).equals(
                List.of("DEAD", "DEAD", "DEAD", "DEAD")));
        List<String> errors = tables().attemptErrors(event.eventId());
        assertEquals(4, errors.size(), errors::toString);
        assertTrue(errors.stream().filter(e -> e.contains("private")).count() >= 2, errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("link-local")), errors::toString);
        assertEquals(List.of(0, 0, 0, 0), tables().attemptStatuses(event.eventId()));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Standard Webhooks, from the spec: base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), prefixed "v1,". */
    private static String expectedSignature(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Envelope publish(String type, List<String> targets, List<String> standardTargets) {
        return publish("asset-" + getClass().getSimpleName(), type, targets, standardTargets);
    }

    private Envelope publish(String assetId, String type, List<String> targets, List<String> standardTargets) {
        Envelope event = DeliveryTables.notification(account().cloudName(), assetId, type, targets, standardTargets,
                Map.of("public_id", "ops-" + UUID.randomUUID()));
        kafka.publish(Topics.NOTIFICATION_REQUESTED, event);
        return event;
    }

    private List<String> targetState(String target) {
        return tables().column("select state from dispatcher.webhook_target where target = ?", target, String.class);
    }

    private RequestSpecification admin() {
        return given().auth().preemptive().basic(account().apiKey(), account().apiSecret()).contentType(ContentType.JSON);
    }

    private String path(String rest) {
        return "/v1_1/" + account().cloudName() + "/webhooks/" + rest;
    }


}
