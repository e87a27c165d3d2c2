package dev.upshot.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTracingTest {
    private static final String STORED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final EventTracing tracing = new EventTracing(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build().get("test"));

    @Test
    void aSpanStartedFromAStoredTraceparentContinuesThatTrace() {
        Span span = tracing.span("upshot.asset.uploaded publish", SpanKind.PRODUCER, STORED).startSpan();
        String header = EventTracing.traceparent(span);
        span.end();

        SpanData data = exported.getFinishedSpanItems().getFirst();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", data.getTraceId());
        assertEquals("00f067aa0ba902b7", data.getParentSpanId());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-" + data.getSpanId() + "-01", header,
                "the record header names the publish span as the consumer's parent");
    }

    @Test
    void withoutAStoredTraceparentTheSpanStartsATraceOfItsOwn() {
        Span span = tracing.span("webhook attempt", SpanKind.CLIENT, null).startSpan();
        span.end();
        SpanData data = exported.getFinishedSpanItems().getFirst();
        assertTrue(data.getParentSpanContext().getSpanId().chars().allMatch(c -> c == '0'), "a root span");
        assertNotEquals("4bf92f3577b34da6a3ce929d0e0e4736", data.getTraceId());
    }

    @Test
    void tracingOffStoresNothing() {
        EventTracing off = new EventTracing(TracerProvider.noop().get("test"));
        Span span = off.span("upshot.asset.uploaded publish", SpanKind.PRODUCER, STORED).startSpan();
        // a no-op span keeps the parent's context: the trace passes through a service with tracing off
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", span.getSpanContext().getTraceId());
        assertNull(EventTracing.currentTraceparent(), "no span is current here");
    }

    @Test
    void theSdkIsSwitchedOnOnlyByACollectorAddress() {
        assertEquals(Map.of("quarkus.otel.sdk.disabled", "false"), Map.copyOf(properties(new TracingSwitch("http://collector:4317"))));
        assertEquals(Map.of(), Map.copyOf(properties(new TracingSwitch(null))));
        assertEquals(Map.of(), Map.copyOf(properties(new TracingSwitch(" "))));
    }

    private static Map<String, String> properties(TracingSwitch source) {
        return source.getProperties();
    }
}
