package dev.upshot.system;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.upshot.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static dev.upshot.testsupport.TestImages.jpeg;
import static dev.upshot.testsupport.TestImages.png;
import static dev.upshot.testsupport.TestImages.resized;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moderation end to end: the packaged gateway, moderation worker and dispatcher, driven by the official Java SDK
 * (upload with a chain, {@code resourcesByModeration}, {@code update}), every moderation notification verified with
 * the SDK's signature check; duplicates after re-encoding and resizing, none for an unrelated image; the local
 * image model under its Cloudinary alias; an external provider's rejection aborting the rest of the chain.
 */
class ModerationIT extends OnPlatform {
    private static ServiceProcess worker;
    private static HttpServer provider;

    @BeforeAll
    static void start() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/moderate", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            boolean bad = request.path("public_id").asText().contains("bad");
            byte[] answer = (bad ? "{\"status\":\"rejected\",\"reason\":\"policy\"}" : "{\"status\":\"approved\",\"score\":0.01}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        provider.start();
        Map<String, String> env = new HashMap<>(platform.env);
        env.put("UPSHOT_MODERATION_HTTP_URL", "http://127.0.0.1:" + provider.getAddress().getPort() + "/moderate");
        env.put("UPSHOT_MODERATION_HTTP_ALLOW_LOOPBACK", "true");   // the local profile refuses loopback providers
        worker = ServiceProcess.start("moderation-worker", env).awaitHealth("ready", false, Platform.STARTUP);
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        provider.stop(0);
    }

    @Test
    void aResizedReencodedCopyIsRejectedAsADuplicateAndNotDelivered() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        BufferedImage scene = scene(run.hashCode(), 640, 480);
        String originalHook = "/mod/" + run + "/original";
        Map<?, ?> original = cloudinary.uploader().upload(png(scene), ObjectUtils.asMap("public_id", "dup/" + run,
                "moderation", "duplicate:0.9", "notification_url", platform.receiver.url(originalHook)));
        assertEquals("approved", verified(cloudinary, one(originalHook)).path("moderation_status").asText());

        String copyHook = "/mod/" + run + "/copy";
        Map<?, ?> copy = cloudinary.uploader().upload(jpeg(resized(scene, 320, 240), 0.75f), ObjectUtils.asMap(
                "public_id", "dup/" + run + "_copy", "moderation", "duplicate:0.9|manual",
                "notification_url", platform.receiver.url(copyHook)));
        assertEquals(List.of(Map.of("kind", "duplicate:0.9", "status", "pending"), Map.of("kind", "manual", "status", "queued")),
                ((List<?>) copy.get("moderation")).stream().map(e -> Map.of("kind", ((Map<?, ?>) e).get("kind"),
                        "status", ((Map<?, ?>) e).get("status"))).toList());
        JsonNode rejected = verified(cloudinary, one(copyHook));
        assertEquals("rejected", rejected.path("moderation_status").asText());
        assertEquals("duplicate:0.9", rejected.path("moderation_kind").asText());
        assertEquals(original.get("public_id"), rejected.at("/moderation_response/duplicates/0/public_id").asText());
        assertTrue(rejected.at("/moderation_response/duplicates/0/similarity").asDouble() >= 0.9);
        ApiResponse details = cloudinary.api().resource("dup/" + run + "_copy", ObjectUtils.emptyMap());
        assertEquals("aborted", ((Map<?, ?>) ((List<?>) details.get("moderation")).get(1)).get("status"));
        assertEquals(404, status((String) copy.get("secure_url")));
        assertEquals(200, status((String) original.get("secure_url")));
    }

    /** The Upload API's destroy reaches the worker's duplicate index (upshot.asset.changed, AssetDeleted). */
    @Test
    void aDestroyedOriginalNoLongerMakesItsCopyADuplicate() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        BufferedImage scene = scene(run.hashCode(), 640, 480);
        String originalHook = "/mod/" + run + "/destroyed-original";
        cloudinary.uploader().upload(png(scene), ObjectUtils.asMap("public_id", "gone/" + run,
                "moderation", "duplicate:0.9", "notification_url", platform.receiver.url(originalHook)));
        assertEquals("approved", verified(cloudinary, one(originalHook)).path("moderation_status").asText());
        assertEquals("ok", cloudinary.uploader().destroy("gone/" + run, ObjectUtils.emptyMap()).get("result"));

        // the index forgets asynchronously: each attempt is a new copy, until one is no longer a duplicate
        int[] attempt = {0};
        await().atMost(Platform.DELIVERY).until(() -> {
            String hook = "/mod/" + run + "/copy-" + ++attempt[0];
            cloudinary.uploader().upload(jpeg(resized(scene, 320, 240), 0.75f), ObjectUtils.asMap(
                    "public_id", "gone/" + run + "_copy" + attempt[0], "moderation", "duplicate:0.9",
                    "notification_url", platform.receiver.url(hook)));
            return "approved".equals(verified(cloudinary, one(hook)).path("moderation_status").asText());
        });
    }

    @Test
    void anUnrelatedImagePassesTheAutomatedKindsAndWaitsForAPerson() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String hook = "/mod/" + run + "/fresh";
        String publicId = "fresh/" + run;
        cloudinary.uploader().upload(png(scene(run.hashCode() + 7L, 500, 400)), ObjectUtils.asMap("public_id", publicId,
                "moderation", "duplicate:0.9|aws_rek|upshot_http|manual", "notification_url", platform.receiver.url(hook)));
        await().atMost(Platform.DELIVERY).until(() -> moderation(hook).size() >= 3);
        await().atMost(Platform.DELIVERY).until(() -> queue(cloudinary).contains(publicId));
        ApiResponse approved = cloudinary.api().update(publicId, ObjectUtils.asMap("moderation_status", "approved"));
        assertEquals("approved", approved.get("moderation_status"));
        cloudinary.api().update(publicId, ObjectUtils.asMap("moderation_status", "approved"));
        await().atMost(Platform.DELIVERY).until(() -> moderation(hook).size() >= 4);
        Thread.sleep(2000);
        List<WebhookReceiver.Received> hits = moderation(hook);
        assertEquals(4, hits.size(), "one notification per change, none for deciding twice");
        List<String> changes = new ArrayList<>();
        for (WebhookReceiver.Received hit : hits) {
            JsonNode body = verified(cloudinary, hit);
            changes.add(body.path("moderation_kind").asText() + ":" + body.path("moderation_status").asText());
        }
        assertEquals(List.of("duplicate:0.9:approved", "aws_rek:approved", "upshot_http:approved", "manual:approved"),
                changes);
        JsonNode model = JSON.readTree(hits.get(1).body()).path("moderation_response");
        assertEquals("nsfwjs 4.4.0 MobileNetV2", model.path("model").asText(), model.toString());
        assertEquals(5, model.path("scores").size(), model.toString());
    }

    @Test
    void aProvidersRejectionAbortsTheRestOfTheChain() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String hook = "/mod/" + run + "/bad";
        Map<?, ?> uploaded = cloudinary.uploader().upload(png(scene(run.hashCode() + 11L, 300, 300)), ObjectUtils.asMap(
                "public_id", "bad/" + run, "moderation", "upshot_http|manual", "notification_url", platform.receiver.url(hook)));
        JsonNode body = verified(cloudinary, one(hook));
        assertEquals("rejected", body.path("moderation_status").asText());
        assertEquals("policy", body.at("/moderation_response/reason").asText());
        ApiResponse details = cloudinary.api().resource("bad/" + run, ObjectUtils.emptyMap());
        assertEquals("rejected", details.get("moderation_status"));
        assertEquals("aborted", ((Map<?, ?>) ((List<?>) details.get("moderation")).get(1)).get("status"));
        assertEquals(404, status((String) uploaded.get("secure_url")));
    }

    /** The moderation notifications at this path (the upload's own notification goes there too). */
    private static List<WebhookReceiver.Received> moderation(String path) {
        return platform.receiver.at(path).stream().filter(r -> r.body().contains("\"notification_type\":\"moderation\""))
                .toList();
    }

    private static WebhookReceiver.Received one(String path) {
        await().atMost(Platform.DELIVERY).until(() -> !moderation(path).isEmpty());
        List<WebhookReceiver.Received> hits = moderation(path);
        assertEquals(1, hits.size(), "exactly one moderation notification");
        return hits.getFirst();
    }

    private static JsonNode verified(Cloudinary cloudinary, WebhookReceiver.Received hit) throws IOException {
        assertTrue(cloudinary.verifyNotificationSignature(hit.body(), hit.timestamp(), hit.signature(), 7200));
        JsonNode body = JSON.readTree(hit.body());
        assertEquals("moderation", body.path("notification_type").asText());
        return body;
    }

    private static List<String> queue(Cloudinary cloudinary) throws Exception {
        ApiResponse page = cloudinary.api().resourcesByModeration("manual", "pending", ObjectUtils.asMap("max_results", 500));
        return ((List<?>) page.get("resources")).stream().map(r -> (String) ((Map<?, ?>) r).get("public_id")).toList();
    }

    private static int status(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    /** A picture with structure (gradient bands and discs), different for every seed. */
    private static BufferedImage scene(long seed, int w, int h) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int band = 0; band < 6; band++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            g.fillRect(0, band * h / 6, w, h / 6 + 1);
        }
        for (int i = 0; i < 10; i++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            int d = w / 10 + random.nextInt(w / 4);
            g.fillOval(random.nextInt(w - d), random.nextInt(h - d / 2), d, d);
        }
        g.dispose();
        return image;
    }
}
