package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.function.BiFunction;
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
        return retried(Uni.createFrom().item(() -> EventCodec.decode(json))
                .chain(envelope -> Panache.withTransaction(() -> firstTime(consumer, envelope)
                        .chain(first -> first ? effect.apply(envelope) : Uni.createFrom().voidItem()))));
    }

    /**
     * For effects that need slow work first (downloads, models): {@code work} runs outside any transaction, so no
     * database connection is held meanwhile, and is skipped for an event already processed; its result is then
     * applied by {@code effect} in the transaction that records the event (a concurrent duplicate loses there).
     */
    public <T> Uni<Void> consume(String consumer, String json, Function<Envelope, Uni<T>> work,
                                 BiFunction<Envelope, T, Uni<Void>> effect) {
        return retried(Uni.createFrom().item(() -> EventCodec.decode(json))
                .chain(envelope -> Panache.withSession(() -> processed(consumer, envelope))
                        .chain(done -> done ? Uni.createFrom().voidItem() : work.apply(envelope)
                                .chain(result -> Panache.withTransaction(() -> firstTime(consumer, envelope)
                                        .chain(first -> first ? effect.apply(envelope, result)
                                                : Uni.createFrom().voidItem()))))));
    }

    private Uni<Void> retried(Uni<Void> delivery) {
        return delivery
                .onFailure(TransientFailures::isTransient)
                .retry().withBackOff(backoff, maxBackoff).indefinitely()
                .onFailure(e -> !(e instanceof EventCodec.MalformedEventException))
                .retry().withBackOff(backoff, backoff.multipliedBy(20)).atMost(attempts - 1L);
    }

    private Uni<Boolean> processed(String consumer, Envelope envelope) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from processed_event where consumer = ?1 and event_id = ?2", Long.class)
                .setParameter(1, consumer)
                .setParameter(2, envelope.eventId())
                .getSingleResult())
                .map(count -> count > 0);
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
