package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Appends events to the outbox. Call it inside the transaction that makes the change the event reports, so the
 * change and its event commit or roll back together. The insert's trigger notifies the relay at commit.
 */
@ApplicationScoped
public class Outbox {
    private static final String INSERT = "insert into outbox (event_id, topic, message_key, event_type, payload, "
            + "created_at, traceparent) values ($1, $2, $3, $4, $5, $6, $7)";

    private final int maxEventBytes;
    private final Transactions transactions;

    public Outbox(MessagingConfig config, Transactions transactions) {
        this.maxEventBytes = config.outbox().maxEventBytes();
        this.transactions = transactions;
    }

    /**
     * Appends the event in the current transaction ({@link Transactions}).
     *
     * @throws EventTooLargeException (as the Uni's failure) when the event is over the budget
     */
    public Uni<Void> append(String topic, Envelope envelope) {
        return Uni.createFrom().item(() -> entry(topic, envelope))
                .chain(e -> transactions.execute(INSERT, e.eventId, e.topic, e.messageKey, e.eventType, e.payload,
                        e.createdAt.atOffset(ZoneOffset.UTC), e.traceparent))
                .replaceWithVoid();
    }

    /**
     * One statement that makes a change and appends its events: {@code with change as (<change>) insert into outbox
     * …}, its parameters those of {@code change} ({@code $1…$k}) followed by {@link #withEvents the events' columns}.
     * A single statement is atomic without BEGIN/COMMIT, so the writer pays one round trip instead of four, and the
     * outbox trigger fires once, at the statement's end. The events get their ids in the list's order.
     *
     * @param parameters how many parameters {@code change} has
     */
    public static String withChange(String change, int parameters) {
        String[] columns = {"uuid", "text", "text", "text", "text", "timestamptz", "text"};
        StringBuilder arrays = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            arrays.append(i == 0 ? "" : ", ").append('$').append(parameters + i + 1).append("::").append(columns[i])
                    .append("[]");
        }
        return "with change as (" + change + ") insert into outbox (event_id, topic, message_key, event_type, "
                + "payload, created_at, traceparent) select e, t, k, ty, p, c, tp from unnest(" + arrays
                + ") with ordinality as u(e, t, k, ty, p, c, tp, n) order by n";
    }

    /** The parameters of a {@link #withChange} statement: the change's, then the events' columns as arrays. */
    public static Tuple withEvents(Object[] change, List<OutboxEntry> entries) {
        int n = entries.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        String[] traceparents = new String[n];
        for (int i = 0; i < n; i++) {
            OutboxEntry e = entries.get(i);
            ids[i] = e.eventId;
            topics[i] = e.topic;
            keys[i] = e.messageKey;
            types[i] = e.eventType;
            payloads[i] = e.payload;
            created[i] = e.createdAt.atOffset(ZoneOffset.UTC);
            traceparents[i] = e.traceparent;
        }
        Object[] parameters = Arrays.copyOf(change, change.length + 7);
        System.arraycopy(new Object[]{ids, topics, keys, types, payloads, created, traceparents}, 0, parameters,
                change.length, 7);
        return Tuple.from(parameters);
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
