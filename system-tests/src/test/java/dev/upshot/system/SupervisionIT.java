package dev.upshot.system;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshot.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local runner heals what it started: {@code ./upshot up} in its own home on free ports, then {@code kill -9} of
 * the gateway, each worker, the dispatcher, Kafka and PostgreSQL in turn, each in the middle of a burst of async
 * uploads with {@code notification_url}. Each part is restarted by its supervisor, and every accepted upload's
 * notification arrives, with one event id per upload (retries repeat the id). Then the gateway is run out of heap:
 * it exits ({@code -XX:+ExitOnOutOfMemoryError}) and comes back by itself.
 */
class SupervisionIT {
    private static final List<String> VICTIMS = List.of("upload-gateway", "moderation-worker", "analysis-worker",
            "derivation-worker", "onsuccess-runner", "webhook-dispatcher", "kafka", "pg");
    private static final Path REPO = Path.of(System.getProperty("upshot.repo", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static Path home;
    private static Map<String, String> env;
    private static int gatewayPort;
    private static Cloudinary sdk;
    private static String opsToken;

    @BeforeAll
    static void up() throws Exception {
        home = Files.createTempDirectory("upshot-supervision");
        env = new HashMap<>(System.getenv());
        // the stack of `./upshot test` stays untouched: this one has its own home, ports and data
        env.keySet().removeIf(k -> k.startsWith("UPSHOT_") || k.equals("KAFKA_BOOTSTRAP_SERVERS"));
        env.put("UPSHOT_HOME", home.toString());
        env.put("UPSHOT_SKIP_BUILD", "1");
        env.put("UPSHOT_CDS", "0");
        env.put("UPSHOT_TIMEOUT", "240");
        env.put("UPSHOT_LIVENESS_INTERVAL", "2");
        env.put("UPSHOT_STOP_GRACE", "10");
        env.put("MESSAGING_OPS_ALLOW_HEAP_EXHAUSTION", "true");
        env.put("UPSHOT_SERVICE_JAVA_OPTS", "-Xmx192m");
        for (String var : List.of("UPSHOT_GATEWAY_PORT", "UPSHOT_MODERATION_PORT", "UPSHOT_ANALYSIS_PORT",
                "UPSHOT_ONSUCCESS_PORT", "UPSHOT_DISPATCHER_PORT", "UPSHOT_DERIVATION_PORT", "UPSHOT_TRANSCRIPTION_PORT",
                "UPSHOT_KAFKA_PORT",
                "UPSHOT_KAFKA_CONTROLLER_PORT", "UPSHOT_PG_PORT", "UPSHOT_S3_PORT")) {
            env.put(var, Integer.toString(freePort()));
        }
        gatewayPort = Integer.parseInt(env.get("UPSHOT_GATEWAY_PORT"));
        run(Duration.ofMinutes(8), "up");
        Map<String, String> account = Files.readAllLines(home.resolve("account.env")).stream()
                .filter(l -> l.contains("=")).collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')),
                        l -> l.substring(l.indexOf('=') + 1)));
        opsToken = account.get("UPSHOT_OPS_TOKEN");
        sdk = new Cloudinary("cloudinary://" + account.get("UPSHOT_API_KEY") + ":" + account.get("UPSHOT_API_SECRET")
                + "@" + account.get("UPSHOT_CLOUD_NAME") + "?upload_prefix=http://127.0.0.1:" + gatewayPort);
    }

    @AfterAll
    static void down() throws Exception {
        if (home != null) {
            run(Duration.ofMinutes(3), "down");
            try (var files = Files.walk(home)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyPartKilledMidBurstIsRestartedAndNoAcceptedUploadGoesUnnotified() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(200)) {
            String hook = "/supervision";
            ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
            for (String victim : VICTIMS) {
                int restartsBefore = restarts(victim);
                Thread burst = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 12; i++) {
                        String publicId = "heal/" + victim + "/" + UUID.randomUUID();
                        try {
                            sdk.uploader().upload(Png.of(16, 12), ObjectUtils.asMap("public_id", publicId,
                                    "async", true, "notification_url", receiver.url(hook)));
                            accepted.add(publicId);
                        } catch (Exception refused) {
                            // while the gateway or the database is down an upload may be refused: not accepted
                        }
                        sleep(250);
                    }
                });
                sleep(1200);
                long pid = Long.parseLong(Files.readString(home.resolve("run/" + victim + ".child")).trim());
                assertTrue(ProcessHandle.of(pid).isPresent(), victim + " is not running before the kill");
                new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
                burst.join();
                await(victim + " restarted and ready").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> restarts(victim) > restartsBefore && ready(victim));
            }
            assertTrue(accepted.size() >= VICTIMS.size() * 6, "too few uploads accepted: " + accepted.size());
            await("every accepted upload notified").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> notified(receiver, hook).keySet().containsAll(accepted));
            Map<String, Set<String>> eventIds = notified(receiver, hook);
            for (String publicId : accepted) {
                assertEquals(1, eventIds.get(publicId).size(), publicId + " notified under several event ids: "
                        + eventIds.get(publicId));
            }
        }
    }

    @Test
    void aGatewayOutOfHeapExitsAndComesBack() throws Exception {
        int before = restarts("upload-gateway");
        HttpRequest exhaust = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/ops/heap-exhaustion"))
                .header("Authorization", "Bearer " + opsToken).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60)).build();
        try {
            HTTP.send(exhaust, HttpResponse.BodyHandlers.discarding());
        } catch (IOException expected) {
            // the process died under the request
        }
        await("gateway restarted").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                .until(() -> restarts("upload-gateway") > before && ready("upload-gateway"));
        String log = Files.readString(home.resolve("logs/upload-gateway.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("OutOfMemoryError") || log.contains("exited with"), "no trace of the OOM exit");
        Map<?, ?> answer = sdk.uploader().upload(Png.of(8, 8), ObjectUtils.emptyMap());
        assertTrue(answer.get("public_id") != null);
    }

    private static Map<String, Set<String>> notified(WebhookReceiver receiver, String hook) {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Set<String>> ids = new HashMap<>();
        for (WebhookReceiver.Received r : receiver.at(hook)) {
            try {
                JsonNode body = mapper.readTree(r.body());
                ids.computeIfAbsent(body.path("public_id").asText(), k -> new HashSet<>())
                        .add(r.header("X-Upshot-Event-Id"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return ids;
    }

    private static int restarts(String part) throws IOException {
        Path f = home.resolve("run/" + part + ".restarts");
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    private static boolean ready(String part) {
        try {
            return run(Duration.ofSeconds(60), "status").lines()
                    .anyMatch(l -> l.startsWith(part + " ") && l.trim().endsWith(" ready"));
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs {@code ./upshot ARGS} in the test's home; returns its output. {@code status} may exit 3 (not all ready). */
    private static String run(Duration limit, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("upshot").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("./upshot " + String.join(" ", args) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !args[0].equals("status")) {
            throw new IllegalStateException("./upshot " + String.join(" ", args) + " exited " + p.exitValue() + ":\n"
                    + text);
        }
        return text;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
