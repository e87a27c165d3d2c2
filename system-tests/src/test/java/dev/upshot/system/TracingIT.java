package dev.upshot.system;

import com.cloudinary.Transformation;
import com.cloudinary.utils.ObjectUtils;
import dev.upshot.system.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One upload, one trace: the packaged services export their spans over OTLP to {@link OtlpReceiver}, and the spans of
 * an upload with moderation, analyses, eager, on_success and its notifications (the first attempt answered 500, so
 * retried) all share the trace id of the upload request, through the outbox and every Kafka hop.
 */
class TracingIT {
    private static final Set<String> SERVICES = Set.of("upload-gateway", "moderation-worker", "analysis-worker",
            "derivation-worker", "onsuccess-runner", "webhook-dispatcher");
    private static ServiceProcess moderation;

    /** The shared platform runs no moderation worker (ModerationIT starts its own): this test does too. */
    @BeforeAll
    static void start() throws Exception {
        moderation = ServiceProcess.start("moderation-worker", Platform.get().env)
                .awaitHealth("ready", false, Platform.STARTUP);
    }

    @AfterAll
    static void stop() throws Exception {
        moderation.close();
    }

    @Test
    void anUploadIsOneTraceAcrossTheServicesFromTheRequestToEveryWebhookAttempt() throws Exception {
        Platform platform = Platform.get();
        String hook = "/traced/" + UUID.randomUUID();
        platform.receiver.failNext(hook, 1);
        Map<?, ?> result = platform.cloudinary.uploader().upload(Png.of(64, 48), ObjectUtils.asMap(
                "moderation", "duplicate:0.99", "colors", true,
                "eager", List.of(new Transformation().crop("scale").width(32)),
                "on_success", "current_asset.update({ tags: ['traced'] });",
                "notification_url", platform.receiver.url(hook)));
        String assetId = (String) result.get("asset_id");

        // two notifications reach the hook: the upload's and the moderation decision's; one of them is retried.
        // Each service exports in its own batches, so a child may arrive before its parent: wait for the whole tree.
        await().atMost(Platform.DELIVERY).untilAsserted(() -> {
            List<ReceivedSpan> trace = traceOf(platform.traces, assetId);
            assertTrue(services(trace).containsAll(SERVICES), "every service is in the trace: " + services(trace));
            assertEquals(3, attempts(trace).size(), "three attempts: " + render(trace));
            Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            trace.stream().filter(s -> !s.parentId().isEmpty()).forEach(s ->
                    assertTrue(ids.contains(s.parentId()), "every span hangs in the tree: " + s));
        });
        List<ReceivedSpan> trace = traceOf(platform.traces, assetId);
        System.out.println(render(trace));

        List<ReceivedSpan> roots = trace.stream().filter(s -> s.parentId().isEmpty()).toList();
        assertEquals(1, roots.size(), "one root: " + render(trace));
        assertEquals("upload-gateway", roots.getFirst().service());
        assertTrue(roots.getFirst().name().startsWith("POST"), "the upload request is the root: " + roots);
        assertTrue(trace.stream().anyMatch(s -> s.service().equals("analysis-worker")
                && s.name().contains("upshot.analysis.requested")), "the worker continues the trace from the record");
        List<String> outcomes = attempts(trace).stream().sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
                .map(s -> s.attributes().get("upshot.webhook.outcome")).toList();
        assertEquals("http_error", outcomes.getFirst(), "the first attempt failed: " + outcomes);
        assertEquals(2, outcomes.stream().filter("success"::equals).count(), "the retry is a span of the same trace: "
                + outcomes);
    }

    /** The trace whose outbox spans name the asset. */
    private static List<ReceivedSpan> traceOf(OtlpReceiver receiver, String assetId) {
        return receiver.spans().stream().filter(s -> assetId.equals(s.attributes().get("upshot.asset_id")))
                .map(ReceivedSpan::traceId).findFirst().map(receiver::trace).orElse(List.of());
    }

    private static Set<String> services(List<ReceivedSpan> trace) {
        return trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    }

    private static List<ReceivedSpan> attempts(List<ReceivedSpan> trace) {
        return trace.stream().filter(s -> s.name().equals("webhook attempt")).toList();
    }

    /** The trace as an indented tree: offset from the root's start, service, span, duration. */
    static String render(List<ReceivedSpan> trace) {
        long start = trace.stream().mapToLong(ReceivedSpan::startNanos).min().orElse(0);
        Map<String, List<ReceivedSpan>> children = trace.stream().collect(Collectors.groupingBy(ReceivedSpan::parentId));
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        StringBuilder out = new StringBuilder(String.format("trace %s%n%9s  %-20s %-52s %9s%n",
                trace.isEmpty() ? "-" : trace.getFirst().traceId(), "at ms", "service", "span", "ms"));
        trace.stream().filter(s -> !ids.contains(s.parentId())).sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
                .forEach(root -> render(root, 0, start, children, out));
        return out.toString();
    }

    private static void render(ReceivedSpan span, int depth, long start, Map<String, List<ReceivedSpan>> children,
                               StringBuilder out) {
        out.append(String.format("%9.1f  %-20s %-52s %9.1f%n", (span.startNanos() - start) / 1e6, span.service(),
                "  ".repeat(depth) + span.name(), span.millis()));
        children.getOrDefault(span.spanId(), List.of()).stream()
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
                .forEach(child -> render(child, depth + 1, start, children, out));
    }
}
