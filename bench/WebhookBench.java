import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Webhook benchmark (not a test): one local receiver; first bare HTTP clients post the bodies straight to it — the
 * Vert.x web client the dispatcher itself uses (the baseline of the ratio), and the JDK's java.net.http for comparison
 * — then the same number of NotificationRequested events go through Kafka and the running dispatcher to the same
 * receiver. Prints deliveries/s and latency p50/p99 for each, and the dispatcher's rate ÷ the bare Vert.x client's.
 * Latency: bare = request sent → answer; dispatcher = event
 * published to Kafka → request arrived at the receiver (intake, database, claim, signing, POST). Each is measured in
 * a burst (all N at once: throughput, and latency including the queue) and one at a time (latency without a queue).
 * Args: bootstrap cloud N targets inFlightPerTarget
 */
public class WebhookBench {
    private static final Map<String, Long> ARRIVED = new ConcurrentHashMap<>();
    private static final int SEQUENTIAL = 100;

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            // the receiver's and clients' threads would keep the JVM alive: a failed run ends the bench
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String bootstrap = args[0];
        String cloud = args[1];
        int n = Integer.parseInt(args[2]);
        int targets = Integer.parseInt(args[3]);
        int perTarget = Integer.parseInt(args[4]);

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        receiver.setExecutor(Executors.newFixedThreadPool(64));
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("X-Upshot-Event-Id");
            ARRIVED.putIfAbsent(id == null ? exchange.getRequestHeaders().getFirst("X-Bench-Id") : id, System.nanoTime());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/";

        Vertx vertx = Vertx.vertx();
        WebClient web = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(targets * perTarget));
        Sender vertxSender = (url, id, done) -> web.postAbs(url).putHeader("Content-Type", "application/json")
                .putHeader("X-Bench-Id", id).sendBuffer(Buffer.buffer(body(id))).onComplete(r -> done.run());
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        Sender jdkSender = (url, id, done) -> http.sendAsync(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json").header("X-Bench-Id", id)
                        .POST(HttpRequest.BodyPublishers.ofString(body(id))).build(),
                HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> done.run());
        int inFlight = targets * perTarget;
        bare(vertxSender, base, n, targets, inFlight);   // warm-up of both sides
        bare(jdkSender, base, n, targets, inFlight);
        double bareRate = report("bare Vert.x web client, " + inFlight + " in flight",
                bare(vertxSender, base, n, targets, inFlight), n);
        report("bare java.net.http client, " + inFlight + " in flight", bare(jdkSender, base, n, targets, inFlight), n);
        report("bare Vert.x web client, one at a time", bare(vertxSender, base, SEQUENTIAL, targets, 1), SEQUENTIAL);

        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            dispatcher(producer, cloud, base, n, targets);   // warm-up: the JIT compiles the hot path
            double rate = report("dispatcher (Kafka → PostgreSQL → POST), " + targets + " targets",
                    dispatcher(producer, cloud, base, n, targets), n);
            System.out.printf("dispatcher ÷ bare Vert.x web client: %.2f%n", rate / bareRate);
            report("dispatcher, one at a time", oneAtATime(producer, cloud, base), SEQUENTIAL);
        }
        web.close();
        vertx.close();
        receiver.stop(0);
    }

    /** One POST of a body with the bench id {@code id} to {@code url}; {@code done} runs when it is answered or failed. */
    private interface Sender {
        void post(String url, String id, Runnable done);
    }

    /** @return [start, end] nanos and the latency of each delivery in nanos */
    private static long[] bare(Sender sender, String base, int n, int targets, int inFlight) throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        long[] latencies = new long[n + 2];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!slots.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no request of the bare client ended within 60 s");
            }
            int index = i;
            String id = UUID.randomUUID().toString();
            long sent = System.nanoTime();
            sender.post(base + (i % targets), id, () -> {
                latencies[index + 2] = System.nanoTime() - sent;
                slots.release();
            });
        }
        if (!slots.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the bare client's requests did not all end within 60 s");
        }
        latencies[0] = start;
        latencies[1] = System.nanoTime();
        return latencies;
    }

    private static long[] dispatcher(KafkaProducer<String, String> producer, String cloud, String base, int n,
                                     int targets) throws Exception {
        Map<String, Long> published = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            String assetId = "bench-" + (i % 64);
            published.put(id, System.nanoTime());
            producer.send(new ProducerRecord<>("upshot.notification.requested", assetId,
                    envelope(id, assetId, cloud, base + (i % targets))));
        }
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!ARRIVED.keySet().containsAll(published.keySet())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every notification arrived within 300 s");
            }
            Thread.sleep(20);
        }
        long[] latencies = new long[n + 2];
        int i = 2;
        long end = 0;
        for (var sent : published.entrySet()) {
            long arrived = ARRIVED.get(sent.getKey());
            latencies[i++] = arrived - sent.getValue();
            end = Math.max(end, arrived);
        }
        latencies[0] = start;
        latencies[1] = end;
        return latencies;
    }

    /** Each notification published only once the previous one arrived: the pipeline's latency without a queue. */
    private static long[] oneAtATime(KafkaProducer<String, String> producer, String cloud, String base)
            throws Exception {
        long[] latencies = new long[SEQUENTIAL + 2];
        latencies[0] = System.nanoTime();
        for (int i = 0; i < SEQUENTIAL; i++) {
            String id = UUID.randomUUID().toString();
            long sent = System.nanoTime();
            producer.send(new ProducerRecord<>("upshot.notification.requested", "bench-1",
                    envelope(id, "bench-1", cloud, base + "0"))).get(30, TimeUnit.SECONDS);
            long deadline = sent + TimeUnit.SECONDS.toNanos(30);
            while (!ARRIVED.containsKey(id)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a notification did not arrive within 30 s");
                }
                Thread.sleep(1);
            }
            latencies[i + 2] = ARRIVED.get(id) - sent;
        }
        latencies[1] = System.nanoTime();
        return latencies;
    }

    /** @return deliveries per second */
    private static double report(String what, long[] run, int n) {
        long[] latencies = java.util.Arrays.copyOfRange(run, 2, run.length);
        java.util.Arrays.sort(latencies);
        double seconds = (run[1] - run[0]) / 1e9;
        System.out.printf("%-55s %6d deliveries in %6.2f s = %7.1f/s   latency p50 %7.1f ms  p99 %7.1f ms%n", what, n,
                seconds, n / seconds, latencies[(int) (n * 0.50)] / 1e6, latencies[Math.min(n - 1, (int) (n * 0.99))] / 1e6);
        return n / seconds;
    }

    private static String body(String id) {
        return "{\"notification_type\":\"upload\",\"timestamp\":\"" + Instant.now() + "\",\"request_id\":\"" + id
                + "\",\"public_id\":\"bench/" + id + "\",\"version\":1,\"width\":640,\"height\":480,"
                + "\"format\":\"jpg\",\"resource_type\":\"image\",\"bytes\":123456}";
    }

    private static String envelope(String id, String assetId, String cloud, String target) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"NotificationRequested\",\"assetId\":\"" + assetId
                + "\",\"assetVersion\":1,\"cloud\":\"" + cloud + "\",\"occurredAt\":\"" + Instant.now()
                + "\",\"payload\":{\"notificationType\":\"upload\",\"targets\":[\"" + target + "\"],\"body\":"
                + body(id) + "}}";
    }
}
