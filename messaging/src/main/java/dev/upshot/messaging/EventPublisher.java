package dev.upshot.messaging;

import dev.upshot.contracts.Topics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Sends one event to Kafka through the {@code outbox} channel's producer (acks=all, idempotent, no linger), as a
 * record keyed by asset with the event id, type and trace context in headers: the outbox relay's rows, and the
 * answers a stateless consumer sends itself ({@link IdempotentConsumer#reply}).
 */
@ApplicationScoped
public class EventPublisher {
    static final String CHANNEL = "outbox";

    private final KafkaClientService kafka;
    private final EventTracing tracing;

    public EventPublisher(KafkaClientService kafka, EventTracing tracing) {
        this.kafka = kafka;
        this.tracing = tracing;
    }

    /**
     * Completes once the broker acknowledged the record; a record over the producer's max.request.size fails with
     * {@code RecordTooLargeException}. Traced by a producer span from the event's creation to the acknowledgement:
     * a slow relay shows in the trace.
     */
    public Uni<Void> send(OutboxEntry entry) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.EVENT_ID_HEADER, entry.eventId.toString().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.EVENT_TYPE_HEADER, entry.eventType.getBytes(StandardCharsets.UTF_8));
        Span span = tracing.span(entry.topic + " publish", SpanKind.PRODUCER, entry.traceparent)
                .setStartTimestamp(entry.createdAt)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", entry.topic)
                .setAttribute("messaging.message.id", entry.eventId.toString())
                .setAttribute("upshot.asset_id", entry.messageKey)
                .setAttribute("upshot.event_type", entry.eventType)
                .startSpan();
        String traceparent = EventTracing.traceparent(span);
        if (traceparent != null) {
            headers.add(EventTracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        var record = new ProducerRecord<>(entry.topic, null, entry.messageKey, entry.payload, headers);
        return kafka.<String, String>getProducer(CHANNEL).send(record).replaceWithVoid()
                .onTermination().invoke((ignored, failure, cancelled) -> {
                    if (failure != null) {
                        span.setStatus(StatusCode.ERROR, SendFailures.describe(failure));
                    }
                    span.end();
                });
    }
}
