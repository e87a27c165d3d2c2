package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs a consumer's effect at most once per event id: the processed-event row and the effect commit in one
 * transaction, so a redelivered event finds its row and is skipped.
 * <p>
 * Failures are sorted by whether waiting can help. An unreachable or overloaded database is retried without end
 * (back-off capped at {@code messaging.consumer.max-backoff}): the partition waits rather than dead-lettering valid
 * events. Any other failure is retried {@code messaging.consumer.attempts} times, then propagates; the message is
 * nacked and goes to the dead-letter topic. A message that is not an event goes there at once.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private final int attempts;
    private final Duration backoff;
    private final Duration maxBackoff;

    public IdempotentConsumer(MessagingConfig config) {
        this.attempts = config.consumer().attempts();
        this.backoff = config.consumer().backoff();
        this.maxBackoff = config.consumer().maxBackoff();
    }

    /**
     * @param consumer a name for this consumer, so several consumers in one service keep separate logs
     * @param json     the raw message value
     * @param effect   the state change; runs inside the transaction
     */
    public Uni<Void> consume(String consumer, String json, Function<Envelope, Uni<Void>> effect) {
        return Uni.createFrom().item(() -> EventCodec.decode(json))
                .chain(envelope -> Panache.withTransaction(() -> firstTime(consumer, envelope)
                                .chain(first -> first ? effect.apply(envelope) : Uni.createFrom().voidItem()))
                        .onFailure(IdempotentConsumer::isTransient)
                        .retry().withBackOff(backoff, maxBackoff).indefinitely()
                        .onFailure(e -> !(e instanceof EventCodec.MalformedEventException))
                        .retry().withBackOff(backoff, backoff.multipliedBy(20)).atMost(attempts - 1L));
    }

    /** Connection trouble, timeouts, and PostgreSQL's connection / rollback / resource / shutdown error classes. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
            // Hibernate Reactive reports PostgreSQL errors as SQLException carrying the SQLSTATE
            String state = t instanceof PgException pg ? pg.getSqlState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null) {
                return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57P");
            }
            String name = t.getClass().getName();
            if (name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.vertx.core.impl.NoStackTraceThrowable") && String.valueOf(t.getMessage())
                    .toLowerCase().contains("connection")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private Uni<Boolean> firstTime(String consumer, Envelope envelope) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into processed_event (consumer, event_id, processed_at) values (?1, ?2, now()) "
                                + "on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, envelope.eventId())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
