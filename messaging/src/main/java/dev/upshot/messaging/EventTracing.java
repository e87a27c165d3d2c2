package dev.upshot.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Carries a trace across the places where the work waits in a table (the outbox, the dispatcher's deliveries): the
 * W3C {@code traceparent} of the current span is stored with the row, and the work resumed later starts its spans as
 * children of it. With tracing off (the default) nothing is stored and every span is a no-op.
 */
@ApplicationScoped
public class EventTracing {
    /** The W3C header (and Kafka record header) that carries the trace context. */
    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;

    public EventTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The current span's {@code traceparent}, or null when there is none (tracing off, or no trace here). */
    public static String currentTraceparent() {
        return traceparent(Context.current());
    }

    /** The {@code traceparent} that makes {@code span} the parent, or null for a no-op span. */
    public static String traceparent(Span span) {
        return traceparent(Context.root().with(span));
    }

    private static String traceparent(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        String[] value = new String[1];
        W3C.inject(context, value, (carrier, key, v) -> {
            if (TRACEPARENT.equals(key)) {
                carrier[0] = v;
            }
        });
        return value[0];
    }

    /** A span that is a child of the current one (a new trace when there is none). Start it, end it. */
    public SpanBuilder child(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind);
    }

    /** A span that continues the trace stored as {@code traceparent} (a new trace when it is null). Start it, end it. */
    public SpanBuilder span(String name, SpanKind kind, String traceparent) {
        Context parent = traceparent == null ? Context.root() : W3C.extract(Context.root(), traceparent, STORED);
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent);
    }
}
