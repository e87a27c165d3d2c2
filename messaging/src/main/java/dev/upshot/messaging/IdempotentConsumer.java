package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.function.Function;

/**
 * Runs a consumer's effect at most once per event id: the processed-event row and the effect commit in one
 * transaction, so a redelivered event finds its row and is skipped. Transient failures are retried a bounded
 * number of times; then the failure propagates, the message is nacked and goes to the dead-letter topic.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private final int attempts;
    private final Duration backoff;

    public IdempotentConsumer(@ConfigProperty(name = "messaging.consumer.attempts", defaultValue = "5") int attempts,
                              @ConfigProperty(name = "messaging.consumer.backoff", defaultValue = "PT0.2S") Duration backoff) {
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /**
     * @param consumer a name for this consumer, so several consumers in one service keep separate logs
     * @param json     the raw message value
     * @param effect   the state change; runs inside the transaction
     */
    public Uni<Void> consume(String consumer, String json, Function<Envelope, Uni<Void>> effect) {
        return Uni.createFrom().item(() -> EventCodec.decode(json))
                .chain(envelope -> Panache.withTransaction(() -> firstTime(consumer, envelope)
                        .chain(first -> first ? effect.apply(envelope) : Uni.createFrom().voidItem())))
                .onFailure(e -> !(e instanceof EventCodec.MalformedEventException))
                .retry().withBackOff(backoff, backoff.multipliedBy(20)).atMost(attempts - 1L);
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
