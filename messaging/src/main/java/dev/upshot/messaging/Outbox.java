package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Appends events to the outbox. Call it inside the transaction that makes the change the event reports, so the
 * change and its event commit or roll back together. The insert's trigger notifies the relay at commit.
 */
@ApplicationScoped
public class Outbox {
    private static final String INSERT = "insert into outbox (event_id, topic, message_key, event_type, payload, "
            + "created_at, traceparent) values ($1, $2, $3, $4, $5, $6, $7)";

    private final int maxEventBytes;

    public Outbox(MessagingConfig config) {
        this.maxEventBytes = config.outbox().maxEventBytes();
    }

    /** @throws EventTooLargeException (as the Uni's failure) when the event is over the budget */
    public Uni<Void> append(String topic, Envelope envelope) {
        return Uni.createFrom().item(() -> entry(topic, envelope)).chain(entry -> entry.persist()).replaceWithVoid();
    }

    /**
     * Appends events built by {@link #entry} on a plain reactive SQL connection, for writers that keep Hibernate off
     * a hot path; {@code conn} must be in the transaction of the change the events report.
     */
    public static Uni<Void> append(SqlConnection conn, List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = entries.stream().map(e -> Tuple.from(new Object[]{e.eventId, e.topic, e.messageKey,
                e.eventType, e.payload, e.createdAt.atOffset(ZoneOffset.UTC), e.traceparent})).toList();
        return (rows.size() == 1 ? conn.preparedQuery(INSERT).execute(rows.getFirst())
                : conn.preparedQuery(INSERT).executeBatch(rows)).replaceWithVoid();
    }

    /** Encodes and checks the event; nothing is written for one over the budget. */
    public OutboxEntry entry(String topic, Envelope envelope) {
        String payload = EventCodec.encode(envelope);
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxEventBytes) {
            throw new EventTooLargeException(envelope.type(), bytes, maxEventBytes);
        }
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = envelope.eventId();
        entry.topic = topic;
        entry.messageKey = envelope.assetId();
        entry.eventType = envelope.type();
        entry.payload = payload;
        entry.createdAt = Instant.now();
        entry.traceparent = EventTracing.currentTraceparent();
        return entry;
    }

    public int maxEventBytes() {
        return maxEventBytes;
    }
}
