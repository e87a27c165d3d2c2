package dev.upshot.system;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshot.testsupport.WebhookReceiver;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scale-out under failure, as {@code ./upshot up --replicas 2} runs it: two processes of each worker and of the
 * dispatcher share their service's consumer group. In the middle of a burst of uploads one process of each is
 * SIGKILLed; the survivors take over its partitions (and the dispatcher's leased deliveries). Every upload must
 * still be processed exactly once by each worker group and notified at least once.
 */
class ScaleOutIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final int UPLOADS = 60;
    private static final int THREADS = 4;
    private static final int KILL_AFTER = 20;
    /** The workers' idempotency log: one row per event and consumer, in each worker's schema. */
    private static final List<String> WORKER_SCHEMAS = List.of("moderation", "analysis");
    /** Every upload's event; the copy on each worker's work topic has the same event id. */
    private static final String TOPIC = "upshot.asset.uploaded";

    private static final TestAccount ACCOUNT = TestAccount.SHARED;
    /** Each scaled service's two processes; the first one of each is killed. */
    private static final Map<String, List<ServiceProcess>> REPLICAS = new HashMap<>();
    private static ServiceProcess gateway;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startTwoOfEach() throws Exception {
        receiver = new WebhookReceiver(200);
        // a dead replica's partitions move after the session timeout, its leased deliveries after timeout + margin:
        // shortened here so that the test waits seconds, not minutes
        Map<String, String> scaled = new HashMap<>(ACCOUNT.env());
        scaled.put("KAFKA_SESSION_TIMEOUT_MS", "8000");
        scaled.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        scaled.put("UPSHOT_WEBHOOKS_TIMEOUT", "5s");
        scaled.put("UPSHOT_WEBHOOKS_LEASE_MARGIN", "3s");
        gateway = ServiceProcess.start("upload-gateway", ACCOUNT.env());
        for (String module : List.of("moderation-worker", "analysis-worker", "webhook-dispatcher")) {
            REPLICAS.put(module, List.of(ServiceProcess.start(module, scaled), ServiceProcess.start(module, scaled)));
        }
        gateway.awaitHealth("ready", false, STARTUP);
        for (List<ServiceProcess> processes : REPLICAS.values()) {
            for (ServiceProcess process : processes) {
                process.awaitHealth("ready", false, STARTUP);
            }
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        List<AutoCloseable> parts = new ArrayList<>(List.of(receiver));
        parts.add(gateway);
        REPLICAS.values().forEach(parts::addAll);
        for (AutoCloseable part : parts) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void aBurstSurvivesTheLossOfOneReplicaOfEachWorkerAndOfADispatcher() throws Exception {
        Cloudinary cloudinary = ACCOUNT.sdk(gateway);
        String run = "/scale/" + UUID.randomUUID() + "/";
        Map<String, String> publicIdByPath = new ConcurrentHashMap<>();
        Map<String, String> assetIdByPath = new ConcurrentHashMap<>();
        CountDownLatch killPoint = new CountDownLatch(KILL_AFTER);
        byte[] image = Png.of(16, 12);

        try (KafkaConsumer<String, String> events = eventsFromNow()) {
            List<Future<?>> uploads = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(THREADS)) {
                for (int i = 0; i < UPLOADS; i++) {
                    String path = run + i;
                    uploads.add(clients.submit(() -> {
                        // the SDK throws unless the gateway answers 200; each upload asks both worker groups for
                        // work (the gateway routes no others to them, so there would be no processed-event row to count)
                        Map<?, ?> result = cloudinary.uploader().upload(image, ObjectUtils.asMap(
                                "notification_url", receiver.url(path), "colors", true, "moderation", "duplicate:0.99"));
                        publicIdByPath.put(path, (String) result.get("public_id"));
                        assetIdByPath.put(path, (String) result.get("asset_id"));
                        killPoint.countDown();
                        return null;
                    }));
                }
                killPoint.await();
                for (List<ServiceProcess> processes : REPLICAS.values()) {
                    processes.getFirst().kill();
                }
                for (Future<?> upload : uploads) {
                    upload.get();
                }
            }
            assertEquals(UPLOADS, assetIdByPath.size(), "every upload answered 200");

            Set<UUID> eventIds = eventIdsOf(events, Set.copyOf(assetIdByPath.values()));
            for (String schema : WORKER_SCHEMAS) {
                await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertEquals(
                        UPLOADS, processed(schema, eventIds), schema + ": uploads processed (at most once each)"));
            }
        }

        await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> publicIdByPath.keySet().stream().allMatch(path -> !receiver.at(path).isEmpty()));
        int duplicates = 0;
        for (var upload : publicIdByPath.entrySet()) {
            List<WebhookReceiver.Received> hits = receiver.at(upload.getKey());
            duplicates += hits.size() - 1;
            for (WebhookReceiver.Received hit : hits) {
                assertEquals(upload.getValue(), JSON.readTree(hit.body()).path("public_id").asText());
            }
        }
        System.out.printf("ScaleOutIT: %d uploads, each processed once per worker group; %d duplicate "
                + "notifications (allowed: a dispatcher killed mid-attempt)%n", UPLOADS, duplicates);
    }

    /** A consumer of {@code asset.uploaded} outside the services' groups, positioned at the current end. */
    private static KafkaConsumer<String, String> eventsFromNow() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ACCOUNT.env().get("KAFKA_BOOTSTRAP_SERVERS"),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before the burst
        return consumer;
    }

    /** The event id of each asset's {@code AssetUploaded} (header {@code upshot-event-id}); exactly one per asset. */
    private static Set<UUID> eventIdsOf(KafkaConsumer<String, String> consumer, Set<String> assetIds) {
        Map<String, Set<UUID>> byAsset = new HashMap<>();
        await().atMost(SETTLE).pollInSameThread().until(() -> {
            for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofMillis(500))) {
                if (assetIds.contains(event.key())) {
                    Header id = event.headers().lastHeader("upshot-event-id");
                    byAsset.computeIfAbsent(event.key(), k -> new HashSet<>())
                            .add(UUID.fromString(new String(id.value(), StandardCharsets.UTF_8)));
                }
            }
            return byAsset.keySet().equals(assetIds);
        });
        Set<UUID> eventIds = new HashSet<>();
        byAsset.forEach((asset, ids) -> {
            assertEquals(1, ids.size(), "one AssetUploaded event for " + asset);
            eventIds.addAll(ids);
        });
        return eventIds;
    }

    /** How many of these events the worker whose schema this is has recorded as processed. */
    private static int processed(String schema, Set<UUID> eventIds) throws Exception {
        Map<String, String> env = ACCOUNT.env();
        String url = "jdbc:postgresql://" + env.get("UPSHOT_DB_HOST") + ":" + env.get("UPSHOT_DB_PORT") + "/"
                + env.get("UPSHOT_DB_NAME");
        try (Connection db = DriverManager.getConnection(url, env.get("UPSHOT_DB_USER"), env.get("UPSHOT_DB_PASSWORD"));
             PreparedStatement query = db.prepareStatement("select count(*) from " + schema
                     + ".processed_event where consumer = 'asset-uploaded' and event_id = any(?)")) {
            query.setArray(1, db.createArrayOf("uuid", eventIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
