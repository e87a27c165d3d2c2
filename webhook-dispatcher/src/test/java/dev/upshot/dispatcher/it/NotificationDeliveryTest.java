package dev.upshot.dispatcher.it;

import dev.upshot.messaging.FreshContext;
import com.cloudinary.Cloudinary;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationOutcome;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.contracts.Topics;
import dev.upshot.dispatcher.config.AccountsConfig;
import dev.upshot.dispatcher.persistence.DeliveryRepository;
import dev.upshot.dispatcher.persistence.NewDelivery;
import dev.upshot.dispatcher.service.DeliveryPump;
import dev.upshot.dispatcher.service.NotificationIntake;
import dev.upshot.dispatcher.service.NotificationSigner;
import dev.upshot.dispatcher.service.PendingDispatch;
import dev.upshot.messaging.PollIntake;
import dev.upshot.testsupport.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end against the real broker and database: a NotificationRequested goes in on Kafka, a signed POST reaches a
 * real HTTP receiver, and the outcome comes back out on Kafka through the outbox.
 */
@QuarkusTest
@WithTestResource(KafkaTestTopics.class)
class NotificationDeliveryTest extends DispatcherTestBase {
    @Inject
    DeliveryRepository deliveries;

    @Inject
    FreshContext contexts;

    @Inject
    NotificationIntake intake;

    @Inject
    DeliveryPump pump;

    @ConfigProperty(name = "mp.messaging.incoming.notification-requested.dead-letter-queue.topic")
    String deadLetterTopic;

    @Test
    void deliversOnceWithCloudinarysHeadersAndASignatureOverTheExactBytes() throws Exception {
        receiver.endpoint("/signed", 200);
        String target = "http://localhost:" + receiver.port() + "/signed";   // a host name, resolved and pinned
        Envelope event = notification("upload", target, Map.of("public_id", "folder/café ✓"));

        kafka.publish(Topics.NOTIFICATION_REQUESTED, event);

        await().atMost(FIRST_DELIVERY).until(() -> state(event.eventId()).equals(List.of("DELIVERED")));
        var request = receiver.at("/signed").getFirst();
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("Upshot-Webhooks/1", request.header("User-Agent"));
        assertEquals("localhost:" + receiver.port(), request.header("Host"));

        AccountsConfig.Account account = account();
        String timestamp = request.header("X-Cld-Timestamp");
        assertTrue(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond()) < 60, timestamp);
        assertEquals(NotificationSigner.sign(request.bytes(), Long.parseLong(timestamp), account.apiSecret(),
                account.signatureAlgorithm()), request.header("X-Cld-Signature"));
        var sdk = new Cloudinary(Map.of("cloud_name", account.cloudName(), "api_key", account.apiKey(),
                "api_secret", account.apiSecret(), "signature_algorithm", account.signatureAlgorithm().name()));
        assertTrue(sdk.verifyNotificationSignature(request.body(), timestamp,
                request.header("X-Cld-Signature"), 7200), "Cloudinary's Java SDK rejects the signature");
        assertEquals(payload(event).body(), EventCodec.mapper().readTree(request.bytes()));
        assertArrayEquals(storedBody(event.eventId()), request.bytes(), "the stored bytes are the bytes sent");

        Thread.sleep(500);
        assertEquals(1, receiver.at("/signed").size());
        assertEquals(List.of(200), attemptStatuses(event.eventId()));
        assertEquals(List.of("answer 200"), attemptColumn(event.eventId(), "response_body", String.class));
    }

    @Test
    void theSameEventPublishedTwiceIsDeliveredOnce() throws Exception {
        String target = receiver.endpoint("/twice", 200);
        Envelope event = notification("upload", target, Map.of("public_id", "twice"));
        Envelope marker = notification("upload", receiver.endpoint("/twice-marker", 200), Map.of("public_id", "m"));

        kafka.publish(Topics.NOTIFICATION_REQUESTED, event);
        kafka.publish(Topics.NOTIFICATION_REQUESTED, event);
        kafka.publish(Topics.NOTIFICATION_REQUESTED, marker);   // same key, same partition: read after both copies

        await().atMost(FIRST_DELIVERY).until(() -> state(marker.eventId()).equals(List.of("DELIVERED")));
        await().atMost(Duration.ofSeconds(10)).until(() -> state(event.eventId()).equals(List.of("DELIVERED")));
        Thread.sleep(500);
        assertEquals(1, receiver.at("/twice").size());
        assertEquals(1, state(event.eventId()).size());
    }

    @Test
    void retriesUntilTheReceiverAnswers() {
        String target = receiver.endpoint("/flaky", 500, 500, 200);
        Envelope event = notification("upload", target, Map.of("public_id", "flaky"));

        kafka.publish(Topics.NOTIFICATION_REQUESTED, event);

        await().atMost(FIRST_DELIVERY).until(() -> state(event.eventId()).equals(List.of("DELIVERED")));
        assertEquals(List.of(500, 500, 200), attemptStatuses(event.eventId()));
        assertEquals(3, receiver.at("/flaky").size());
        List<String> signatures = receiver.at("/flaky").stream().map(r -> r.header("X-Cld-Signature")).toList();
        assertTrue(signatures.stream().allMatch(s -> s != null && s.matches("[0-9a-f]{40}|[0-9a-f]{64}")), signatures::toString);
    }

    @Test
    void diesWhenTheScheduleIsExhaustedAndSaysSoOnTheOutcomeTopic() {
        String target = receiver.endpoint("/broken", 500);
        Envelope event = notification("moderation", target, Map.of("public_id", "broken"));

        kafka.publish(Topics.NOTIFICATION_REQUESTED, event);

        await().atMost(FIRST_DELIVERY).until(() -> state(event.eventId()).equals(List.of("DEAD")));
        assertEquals(List.of(500, 500, 500, 500), attemptStatuses(event.eventId()), "one per entry of the test schedule");
        NotificationOutcome outcome = awaitOutcome(event);
        assertEquals(NotificationOutcome.Outcome.DEAD, outcome.outcome());
        assertEquals(target, outcome.target());
        assertEquals(4, outcome.attempts());
        assertEquals(500, outcome.lastStatus());
    }

    @Test
    void goneStopsAtOnce() throws Exception {
        String target = receiver.endpoint("/gone", 410);
        Envelope event = notification("upload", target, Map.of("public_id", "gone"));

        kafka.publish(Topics.NOTIFICATION_REQUESTED, event);

        await().atMost(FIRST_DELIVERY).until(() -> state(event.eventId()).equals(List.of("GONE")));
        Thread.sleep(1500);   // several test retry intervals
        assertEquals(1, receiver.at("/gone").size());
        assertEquals(List.of(410), attemptStatuses(event.eventId()));
        assertEquals(NotificationOutcome.Outcome.GONE, awaitOutcome(event).outcome());
    }

    @Test
    void aMalformedMessageGoesToTheDeadLetterTopicAndTheNextEventIsDelivered() {
        String garbage = "not an event " + UUID.randomUUID();
        Envelope next = notification("upload", receiver.endpoint("/after-garbage", 200), Map.of("public_id", "n"));

        kafka.publishRaw(Topics.NOTIFICATION_REQUESTED, next.assetId(), garbage);
        kafka.publish(Topics.NOTIFICATION_REQUESTED, next);

        await().atMost(FIRST_DELIVERY).until(() -> state(next.eventId()).equals(List.of("DELIVERED")));
        assertEquals(KafkaTestTopics.DEAD_LETTERS, deadLetterTopic);
        assertTrue(kafka.find(deadLetterTopic, garbage::equals, Duration.ofSeconds(30)).isPresent(),
                "the malformed message is not on " + deadLetterTopic);
    }

    @Test
    void aBurstIsTakenInTogetherEachEventOnceAndAPoisonRecordAmongItAlone() {
        // published back to back, so the intake reads them in few polls: the garbage in the middle goes to the
        // dead-letter topic alone, every copy of an event after the first adds nothing
        int events = 40;
        String garbage = "burst garbage " + UUID.randomUUID();
        List<Envelope> burst = IntStream.range(0, events).mapToObj(i -> notification("upload",
                receiver.endpoint("/burst/" + i, 200), Map.of("public_id", "burst-" + i))).toList();
        for (int i = 0; i < events; i++) {
            kafka.publish(Topics.NOTIFICATION_REQUESTED, burst.get(i));
            if (i == events / 2) {
                kafka.publishRaw(Topics.NOTIFICATION_REQUESTED, burst.get(i).assetId(), garbage);
            }
            if (i % 10 == 0) {
                kafka.publish(Topics.NOTIFICATION_REQUESTED, burst.get(i));
            }
        }

        await().atMost(FIRST_DELIVERY).until(() -> burst.stream()
                .allMatch(event -> state(event.eventId()).equals(List.of("DELIVERED"))));
        assertTrue(kafka.find(deadLetterTopic, garbage::equals, Duration.ofSeconds(30)).isPresent(),
                "the malformed message is not on " + deadLetterTopic);
        for (int i = 0; i < events; i++) {
            assertEquals(1, receiver.at("/burst/" + i).size(), "/burst/" + i);
            assertEquals(List.of(200), attemptStatuses(burst.get(i).eventId()));
            assertEquals(List.of(1L), tables().column("select count(*) from dispatcher.processed_event"
                    + " where event_id = ?", burst.get(i).eventId(), Long.class));
        }
    }

    @Test
    void anEventTwiceInOneBatchIsTakenInAndDeliveredOnce() throws Exception {
        Envelope event = notification("upload", receiver.endpoint("/batch-twice", 200), Map.of("public_id", "bt"));
        Envelope other = notification("upload", receiver.endpoint("/batch-twice-other", 200), Map.of("public_id", "o"));

        Map<Integer, RuntimeException> rejected = acceptBatch(List.of(event, other, event));

        assertEquals(Map.of(), rejected);
        await().atMost(FIRST_DELIVERY).until(() -> state(event.eventId()).equals(List.of("DELIVERED"))
                && state(other.eventId()).equals(List.of("DELIVERED")));
        Thread.sleep(500);
        assertEquals(1, receiver.at("/batch-twice").size());
        assertEquals(List.of(200), attemptStatuses(event.eventId()));
        assertEquals(List.of(1L), tables().column("select count(*) from dispatcher.processed_event where event_id = ?",
                event.eventId(), Long.class));
    }

    @Test
    void oneAssetsNotificationsReachATargetOneAtATimeInTheOrderTheyCame() {
        // taken in in one batch (equal timestamps), to a receiver slow enough that anything sent in parallel overlaps
        String target = receiver.slowEndpoint("/in-order", Duration.ofMillis(200), 200);
        List<Envelope> first = new ArrayList<>();
        List<Envelope> second = new ArrayList<>();
        List<Envelope> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(DeliveryTables.notification(account().cloudName(), "asset-in-order-a", "moderation",
                    List.of(target), List.of(), Map.of("public_id", "a-" + i)));
            second.add(DeliveryTables.notification(account().cloudName(), "asset-in-order-b", "moderation",
                    List.of(target), List.of(), Map.of("public_id", "b-" + i)));
            batch.add(first.getLast());
            batch.add(second.getLast());
        }

        assertEquals(Map.of(), acceptBatch(batch));
        await().atMost(FIRST_DELIVERY).until(() -> receiver.at("/in-order").size() == batch.size());

        List<String> arrived = receiver.at("/in-order").stream().map(r -> r.header("X-Upshot-Event-Id")).toList();
        for (List<Envelope> asset : List.of(first, second)) {
            List<String> sent = asset.stream().map(e -> e.eventId().toString()).toList();
            assertEquals(sent, arrived.stream().filter(sent::contains).toList(), "one asset's notifications in order");
        }
        assertTrue(receiver.mostConcurrent("/in-order") <= 2, "at most one attempt per asset at a time");
    }

    @Test
    void anAssetsOlderDueDeliveryGoesFirstAlsoWhenABacklogHidesItFromTheClaim() throws Exception {
        // A claim reads the first 4 × per-target-concurrency due rows of a target (16 here) and the first 4 × batch
        // size of all (200). The asset's older delivery is a retry that fell due after 240 others; its newer one came
        // due first, so only the newer is among the rows read.
        String target = receiver.endpoint("/backlog", 200);
        String cloud = account().cloudName();
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_DUE)) {
            connection.setAutoCommit(false);
            insertDue(insert, cloud, "backlog-x", target, "older", 1, 1_000);   // first in: the lower seq
            for (int i = 0; i < 240; i++) {
                insertDue(insert, cloud, "backlog-" + i, target, "filler-" + i, 0, 60_000 - i);
            }
            insertDue(insert, cloud, "backlog-x", target, "newer", 0, 120_000);
            insert.executeBatch();
            connection.commit();
        }
        pump.nudge();

        await().atMost(FIRST_DELIVERY).until(() -> receiver.at("/backlog").size() == 242);
        List<String> arrived = receiver.at("/backlog").stream().map(WebhookReceiver.Received::body)
                .filter(body -> body.equals("older") || body.equals("newer")).toList();
        assertEquals(List.of("older", "newer"), arrived, "one asset's notifications in the order they came");
    }

    @Test
    void aTargetWithALongBacklogDoesNotHideTheOthers() throws Exception {
        // A slow target's 300 due rows come first (all the 200 due rows a claim reads of all). The 64 targets a claim
        // visits next hold only retries due in an hour; the targets after them are reached by the passes that follow.
        String slow = receiver.slowEndpoint("/hidden-by/slow", Duration.ofSeconds(2), 200);
        String cloud = account().cloudName();
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_DUE)) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 300; i++) {
                insertDue(insert, cloud, "hidden-by-" + i, slow, "slow-" + i, 0, 120_000 - i);
            }
            for (int i = 0; i < 64; i++) {
                insertDue(insert, cloud, "hidden-later-" + i, receiver.endpoint("/hidden-later/" + i, 200),
                        "later-" + i, 1, -3_600_000);
            }
            for (int i = 0; i < 10; i++) {
                insertDue(insert, cloud, "hidden-" + i, receiver.endpoint("/hidden/" + i, 200), "other-" + i, 0, 1_000);
            }
            insert.executeBatch();
            connection.commit();
        }
        try {
            pump.nudge();
            await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.range(0, 10)
                    .allMatch(i -> !receiver.at("/hidden/" + i).isEmpty()));
            assertTrue(receiver.at("/hidden-by/slow").size() < 300, "the others waited for the slow target's backlog");
        } finally {
            try (Connection connection = database.getConnection();
                 PreparedStatement delete = connection.prepareStatement(
                         "delete from dispatcher.delivery where target = ? or target like ?")) {
                delete.setString(1, slow);
                delete.setString(2, "%/hidden-later/%");
                delete.executeUpdate();
            }
        }
    }

    /** A pending delivery, due some time ago, as another replica's intake or an earlier attempt left it. */
    private static final String INSERT_DUE = """
            insert into dispatcher.delivery (id, notification_event_id, cloud, asset_id, asset_version,
                   notification_type, target, body, state, attempt_count, next_attempt_at, created_at, updated_at)
            values (?, ?, ?, ?, 1, 'upload', ?, ?, 'PENDING', ?, now() - ? * interval '1 ms', now(), now())""";

    private static void insertDue(PreparedStatement insert, String cloud, String assetId, String target, String body,
                                  int attempts, long dueMillisAgo) throws Exception {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, UUID.randomUUID());
        insert.setString(3, cloud);
        insert.setString(4, assetId);
        insert.setString(5, target);
        insert.setBytes(6, body.getBytes(StandardCharsets.UTF_8));
        insert.setInt(7, attempts);
        insert.setLong(8, dueMillisAgo);
        insert.addBatch();
    }

    @Test
    void poisonRecordsInABatchAreRejectedAloneAndTheRestIsDelivered() {
        Envelope first = notification("upload", receiver.endpoint("/batch-poison/0", 200), Map.of("public_id", "p0"));
        Envelope last = notification("upload", receiver.endpoint("/batch-poison/1", 200), Map.of("public_id", "p1"));
        // decodes, but PostgreSQL refuses it (text cannot hold NUL): the batch's transaction fails, then each event
        // is taken in on its own and only this one is rejected
        Envelope refusedByTheDatabase = notification("upload", receiver.endpoint("/batch-poison/\0", 200),
                Map.of("public_id", "nul"));

        Map<Integer, RuntimeException> rejected = acceptBatch(
                List.of(first, "not an event", refusedByTheDatabase, last));

        assertEquals(Set.of(1, 2), rejected.keySet());
        await().atMost(FIRST_DELIVERY).until(() -> state(first.eventId()).equals(List.of("DELIVERED"))
                && state(last.eventId()).equals(List.of("DELIVERED")));
        assertEquals(List.of(), state(refusedByTheDatabase.eventId()));
        assertEquals(List.of(0L), tables().column("select count(*) from dispatcher.processed_event where event_id = ?",
                refusedByTheDatabase.eventId(), Long.class));
    }

    @Test
    void aForbiddenTargetDiesWithoutBeingContacted() {
        Envelope event = notification("upload", "http://169.254.169.254/latest/meta-data/", Map.of("public_id", "ssrf"));

        kafka.publish(Topics.NOTIFICATION_REQUESTED, event);

        await().atMost(FIRST_DELIVERY).until(() -> state(event.eventId()).equals(List.of("DEAD")));
        assertEquals(List.of(0), attemptStatuses(event.eventId()));
        assertTrue(attemptErrors(event.eventId()).getFirst().contains("link-local"), attemptErrors(event.eventId())::toString);
    }

    @Test
    void concurrentClaimersNeverTakeTheSameDelivery() throws Exception {
        // Rows due now, written as another replica's intake would; the application's own pump races three
        // simulated replicas for them.
        int rows = 60;
        UUID eventId = UUID.randomUUID();
        byte[] body = "{\"notification_type\":\"upload\",\"public_id\":\"race\"}".getBytes(StandardCharsets.UTF_8);
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     insert into dispatcher.delivery (id, notification_event_id, cloud, asset_id, asset_version,
                            notification_type, target, body, state, attempt_count, next_attempt_at, created_at, updated_at)
                     values (?, ?, ?, 'race', 1, 'upload', ?, ?, 'PENDING', 0, now(), now(), now())""")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, eventId);
                insert.setString(3, account().cloudName());
                insert.setString(4, receiver.endpoint("/race/" + i, 200));
                insert.setBytes(5, body);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }

        List<CompletableFuture<List<PendingDispatch>>> replicas = IntStream.range(0, 3)
                .mapToObj(i -> contexts.run(
                                () -> deliveries.claimDue(7, 4, Duration.ofMinutes(10), List.of(), null, false))   // never expires in this test
                        .map(DeliveryRepository.Claim::claimed)
                        .subscribeAsCompletionStage())
                .toList();
        List<String> claimedByReplicas = new ArrayList<>();
        for (var replica : replicas) {
            replica.get(30, TimeUnit.SECONDS).stream()
                    .filter(dispatch -> dispatch.target().contains("/race/"))
                    .forEach(dispatch -> claimedByReplicas.add(URI.create(dispatch.target()).getPath()));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> claimedByReplicas.size()
                + IntStream.range(0, rows).filter(i -> !receiver.at("/race/" + i).isEmpty()).count() >= rows);
        Thread.sleep(500);
        assertEquals(claimedByReplicas.size(), Set.copyOf(claimedByReplicas).size(), "a row was claimed twice");
        for (int i = 0; i < rows; i++) {
            String path = "/race/" + i;
            int sent = receiver.at(path).size();
            assertEquals(claimedByReplicas.contains(path) ? 0 : 1, sent, path + " was sent " + sent + " times");
        }
    }

    @Test
    void newDeliveriesAreLeasedAtInsertOnlyWhereAClaimWouldTakeThem() throws Exception {
        // per target 3; one cloud of this test's own, so other tests' rows do not count
        String cloud = "intake-lease-" + UUID.randomUUID();
        String busy = receiver.endpoint("/lease/busy", 200);
        String disabled = receiver.endpoint("/lease/disabled", 200);
        String other = receiver.endpoint("/lease/other", 200);
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     insert into dispatcher.delivery (id, notification_event_id, cloud, asset_id, asset_version,
                            notification_type, target, body, state, next_attempt_at, leased_until, created_at,
                            updated_at)
                     values (?, ?, ?, ?, 1, 'upload', ?, '\\x7b7d', 'PENDING', now() + interval '1 hour',
                             now() + ? * interval '1 minute', now(), now())""");
             PreparedStatement disable = connection.prepareStatement("""
                     insert into dispatcher.webhook_target (cloud, target, state, updated_at)
                     values (?, ?, 'DISABLED', now())""")) {
            // in flight to the busy target (another replica's lease), and an older delivery of asset "waiting" there
            for (Object[] row : List.of(new Object[]{"in-flight", 10}, new Object[]{"waiting", -1})) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, UUID.randomUUID());
                insert.setString(3, cloud);
                insert.setString(4, (String) row[0]);
                insert.setString(5, busy);
                insert.setInt(6, (Integer) row[1]);
                insert.executeUpdate();
            }
            disable.setString(1, cloud);
            disable.setString(2, disabled);
            disable.executeUpdate();
        }
        List<String[]> poll = List.of(new String[]{"a", busy}, new String[]{"a", busy}, new String[]{"waiting", busy},
                new String[]{"b", busy}, new String[]{"c", busy}, new String[]{"d", disabled},
                new String[]{"e", other});
        Map<UUID, List<NewDelivery>> byEvent = new LinkedHashMap<>();
        List<UUID> events = new ArrayList<>();
        for (String[] delivery : poll) {
            UUID event = UUID.randomUUID();
            events.add(event);
            byEvent.put(event, List.of(new NewDelivery(event, cloud, delivery[0], 1, "upload", delivery[1],
                    "{}".getBytes(StandardCharsets.UTF_8), false, Instant.now(), Instant.now(), null)));
        }
        UUID token = UUID.randomUUID();
        try {
            DeliveryRepository.Inserted inserted = contexts.run(() -> deliveries.createOnce("intake-lease-test",
                            byEvent, new DeliveryRepository.IntakeLease(3, 10, Duration.ofMinutes(10), token)))
                    .await().atMost(Duration.ofSeconds(30));

            // a: first of its asset, the busy target's second slot; a again: behind the first; waiting: behind its
            // older delivery; b: third slot; c: no slot left; d: disabled target; e: another target's first slot
            assertEquals(7, inserted.count());
            assertEquals(List.of(events.get(0), events.get(3), events.get(6)),
                    inserted.leased().stream().map(PendingDispatch::eventId).toList());
            assertTrue(inserted.leased().stream().allMatch(d -> token.equals(d.leaseToken()) && d.attemptNo() == 1));
            assertEquals(List.of(3L), tables().column("select count(*) from dispatcher.delivery where cloud = ? "
                    + "and lease_token = '" + token + "' and leased_until > now()", cloud, Long.class));

            // this replica's free slots bound it too
            Map<UUID, List<NewDelivery>> more = new LinkedHashMap<>();
            for (String asset : List.of("f", "g", "h")) {
                UUID event = UUID.randomUUID();
                more.put(event, List.of(new NewDelivery(event, cloud, asset, 1, "upload", other,
                        "{}".getBytes(StandardCharsets.UTF_8), false, Instant.now(), Instant.now(), null)));
            }
            assertEquals(1, contexts.run(() -> deliveries.createOnce("intake-lease-test", more,
                            new DeliveryRepository.IntakeLease(3, 1, Duration.ofMinutes(10), UUID.randomUUID())))
                    .await().atMost(Duration.ofSeconds(30)).leased().size());
        } finally {
            try (Connection connection = database.getConnection();
                 PreparedStatement delete = connection.prepareStatement(
                         "delete from dispatcher.delivery where cloud = ?")) {
                delete.setString(1, cloud);
                delete.executeUpdate();
            }
        }
    }

    @Test
    void exposesReadinessAndDeliveryMetrics() {
        Envelope event = notification("upload", receiver.endpoint("/metrics", 200), Map.of("public_id", "metrics"));
        kafka.publish(Topics.NOTIFICATION_REQUESTED, event);
        await().atMost(FIRST_DELIVERY).until(() -> state(event.eventId()).equals(List.of("DELIVERED")));

        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Kafka connection health check"));
        given().get("/q/health/live").then().statusCode(200).body(containsString("webhook-delivery-scheduler"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("upshot_webhook_attempts_total{outcome=\"success\""))
                .body(containsString("upshot_webhook_deliveries_pending"))
                .body(containsString("upshot_webhook_deliveries_completed_total{state=\"delivered\"")));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------


    /** One batch, as one Kafka poll hands it to the intake: events, or raw strings for records that are not. */
    private Map<Integer, RuntimeException> acceptBatch(List<?> records) {
        List<PollIntake.Record> batch = records.stream().map(r -> new PollIntake.Record(r instanceof Envelope envelope
                ? EventCodec.encode(envelope) : (String) r, null)).toList();
        return contexts.run(() -> intake.accept(batch)).await().atMost(Duration.ofSeconds(60));
    }

    private Envelope notification(String type, String target, Map<String, String> fields) {
        return DeliveryTables.notification(account().cloudName(), "asset-" + getClass().getSimpleName(), type,
                List.of(target), List.of(), fields);
    }

    private static NotificationRequested payload(Envelope envelope) {
        return EventCodec.payload(envelope, NotificationRequested.class);
    }

    private NotificationOutcome awaitOutcome(Envelope event) {
        String json = kafka.find(Topics.NOTIFICATION_OUTCOME, value -> value.contains(event.eventId().toString()),
                Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("no outcome for " + event.eventId()));
        Envelope envelope = EventCodec.decode(json);
        assertEquals(event.assetId(), envelope.assetId());
        NotificationOutcome outcome = EventCodec.payload(envelope, NotificationOutcome.class);
        assertEquals(event.eventId(), outcome.notificationEventId());
        return outcome;
    }

    private List<String> state(UUID eventId) {
        return tables().state(eventId);
    }

    private List<Integer> attemptStatuses(UUID eventId) {
        return tables().attemptStatuses(eventId);
    }

    private List<String> attemptErrors(UUID eventId) {
        return tables().attemptErrors(eventId);
    }

    private <T> List<T> attemptColumn(UUID eventId, String column, Class<T> type) {
        return tables().attemptColumn(eventId, column, type);
    }

    private byte[] storedBody(UUID eventId) {
        List<byte[]> bodies = tables().column("select body from dispatcher.delivery where notification_event_id = ?",
                eventId, byte[].class);
        assertEquals(1, bodies.size());
        assertNotNull(bodies.getFirst());
        return bodies.getFirst();
    }

}
