package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.upshot.analysis.client.CaptionClient;
import dev.upshot.contracts.EventCodec;
import dev.upshot.kit.net.TargetGuard;
import dev.upshot.faces.FaceDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptioningAnalysisTest {

    private static final String PROMPT = "Describe this image in one short sentence.";
    private static FaceModel faces;

    private HttpServer server;
    private java.util.concurrent.ExecutorService handlers;
    /** Status codes to answer in turn; the last one repeats. */
    private final List<Integer> statuses = new CopyOnWriteArrayList<>(List.of(200));
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger delayMs = new AtomicInteger();

    @BeforeAll
    static void load() {
        faces = new FaceModel(Models.faceModel(), 0.6);
    }

    @AfterAll
    static void close() throws Exception {
        faces.close();
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::answer);
        // handlers off the dispatcher thread, so a slow answer neither delays the next request nor stop()
        handlers = java.util.concurrent.Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(EventCodec.mapper().readTree(exchange.getRequestBody().readAllBytes()));
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        try {
            Thread.sleep(delayMs.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int status = statuses.size() > 1 ? statuses.removeFirst() : statuses.getFirst();
        byte[] body = (status == 200
                ? "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                  + "\" A woman with a faint smile before a distant landscape. \"}}]}"
                : "{\"error\":{\"message\":\"nope\"}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private CaptioningAnalysis withProvider(boolean allowLoopback, Duration timeout) {
        CaptionClient client = new CaptionClient("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/",
                "test-vision-1", Optional.of("sk-test"), PROMPT, timeout, 2, new TargetGuard(allowLoopback, false));
        return new CaptioningAnalysis(Optional.of(client), 256, faces);
    }

    private static JsonNode caption(CaptioningAnalysis analysis, Subject subject, ObjectNode response)
            throws Exception {
        analysis.run(subject, Map.of("detection", "captioning"), response);
        JsonNode captioning = response.at("/info/detection/captioning");
        assertEquals("complete", captioning.get("status").asText());
        assertEquals("1.0", captioning.get("schema_version").asText());
        return captioning;
    }

    @Test
    void asksTheProviderWithPromptImageAndKey() throws Exception {
        TestSubject mona = TestSubject.read(Models.mona());
        JsonNode captioning = caption(withProvider(true, Duration.ofSeconds(5)), mona,
                EventCodec.mapper().createObjectNode());

        assertEquals("A woman with a faint smile before a distant landscape.",
                captioning.at("/data/caption").asText());
        assertEquals("test-vision-1", captioning.get("model_version").asText());
        assertEquals(1, requests.size());
        JsonNode request = requests.getFirst();
        assertEquals("test-vision-1", request.get("model").asText());
        assertEquals("user", request.at("/messages/0/role").asText());
        assertEquals(PROMPT, request.at("/messages/0/content/0/text").asText());
        assertEquals("image_url", request.at("/messages/0/content/1/type").asText());
        assertEquals("Bearer sk-test", authorizations.getFirst());
        String url = request.at("/messages/0/content/1/image_url/url").asText();
        assertTrue(url.startsWith("data:image/jpeg;base64,"), url.substring(0, 40));
        BufferedImage sent = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
        assertEquals(256, Math.max(sent.getWidth(), sent.getHeight()));   // reduced to the configured side
    }

    @Test
    void retriesAServerErrorThenUsesTheAnswer() throws Exception {
        statuses.clear();
        statuses.addAll(List.of(503, 200));
        JsonNode captioning = caption(withProvider(true, Duration.ofSeconds(5)),
                TestSubject.read(Models.mona()), EventCodec.mapper().createObjectNode());
        assertEquals(2, requests.size());
        assertEquals("test-vision-1", captioning.get("model_version").asText());
    }

    @Test
    void fallsBackToTheComposedCaptionWhenTheProviderKeepsFailing() throws Exception {
        statuses.set(0, 500);
        JsonNode captioning = caption(withProvider(true, Duration.ofSeconds(5)),
                TestSubject.read(Models.mona()), EventCodec.mapper().createObjectNode());
        assertEquals(2, requests.size());   // the configured attempts, no more
        assertEquals(CaptioningAnalysis.COMPOSED, captioning.get("model_version").asText());
        assertEquals("A portrait image showing one face.", captioning.at("/data/caption").asText());
    }

    @Test
    void doesNotRetryARefusal() throws Exception {
        statuses.set(0, 401);
        JsonNode captioning = caption(withProvider(true, Duration.ofSeconds(5)),
                TestSubject.read(Models.mona()), EventCodec.mapper().createObjectNode());
        assertEquals(1, requests.size());
        assertEquals(CaptioningAnalysis.COMPOSED, captioning.get("model_version").asText());
    }

    @Test
    void aSlowProviderIsCutOffByTheTimeout() throws Exception {
        delayMs.set(1500);
        long start = System.nanoTime();
        JsonNode captioning = caption(withProvider(true, Duration.ofMillis(300)),
                TestSubject.read(Models.mona()), EventCodec.mapper().createObjectNode());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(CaptioningAnalysis.COMPOSED, captioning.get("model_version").asText());
        assertTrue(ms < 1400, ms + " ms");   // two attempts of 300 ms and a 250 ms pause, not 2 × 1.5 s
    }

    @Test
    void aLoopbackProviderIsRefusedUnlessAllowed() throws Exception {
        JsonNode captioning = caption(withProvider(false, Duration.ofSeconds(5)),
                TestSubject.read(Models.mona()), EventCodec.mapper().createObjectNode());
        assertEquals(0, requests.size());
        assertEquals(CaptioningAnalysis.COMPOSED, captioning.get("model_version").asText());
    }

    @Test
    void theComposedCaptionSaysWhatTheOtherAnalysesFound() throws Exception {
        ObjectNode response = EventCodec.mapper().createObjectNode();
        new OcrAnalysis(Models.traineddata(), 1, 2000, 0.3).run(
                TestSubject.of(OcrAnalysisTest.rendered(1600, 500, "HELLO UPSHOT", "quick brown fox")),
                Map.of("ocr", "adv_ocr"), response);
        response.putObject("predominant").putArray("google").add(EventCodec.mapper().createArrayNode()
                .add("white").add(80.5)).add(EventCodec.mapper().createArrayNode().add("black").add(19.5));
        response.put("grayscale", false);
        JsonNode captioning = caption(new CaptioningAnalysis(Optional.empty(), 768, faces),
                TestSubject.of(OcrAnalysisTest.rendered(1600, 500, "HELLO UPSHOT", "quick brown fox")), response);
        assertEquals("A landscape image with no faces, with the text \"HELLO UPSHOT quick brown fox\", "
                + "mostly white and black.", captioning.at("/data/caption").asText());
        assertEquals(CaptioningAnalysis.COMPOSED, captioning.get("model_version").asText());
    }

    @Test
    void composedCaptionsNameGrayscaleAndCountFaces() {
        List<FaceDetector.Face> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(new FaceDetector.Face(i * 100, 0, 50, 50, 0.9));
        }
        assertEquals("A black-and-white square image showing 3 faces.", CaptioningAnalysis.compose(
                new Findings(Optional.of(three), "", 0, List.of(new Findings.Colour("gray", 90)),
                        Optional.of(true), 500, 500)));
        assertEquals("A landscape image.", CaptioningAnalysis.compose(
                new Findings(Optional.empty(), " ", 0, List.of(), Optional.empty(), 800, 500)));
    }

    @Test
    void requestedByDetectionCaptioningAmongOthers() {
        CaptioningAnalysis analysis = new CaptioningAnalysis(Optional.empty(), 768, faces);
        assertTrue(analysis.requested(Map.of("detection", "captioning")));
        assertTrue(analysis.requested(Map.of("detection", "coco, captioning")));
        assertFalse(analysis.requested(Map.of("detection", "coco")));
        assertFalse(analysis.requested(Map.of()));
        assertTrue(analysis.stage() > new FacesAnalysis(faces).stage());
    }
}
