package dev.upshot.gateway.messaging;

import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationOutcome;
import dev.upshot.gateway.persistence.NotificationOutcomes;
import dev.upshot.gateway.persistence.NotificationOutcomes.Reported;
import dev.upshot.messaging.PollIntake;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records how each notification ended, so the asset's delivery history is visible from the gateway: one statement
 * per poll (a webhook upload's outcome cost a transaction of its own before).
 */
@ApplicationScoped
public class NotificationOutcomeConsumer {
    private static final String CONSUMER = "notification-outcome";

    private final PollIntake intake;
    private final NotificationOutcomes outcomes;

    public NotificationOutcomeConsumer(PollIntake intake, NotificationOutcomes outcomes) {
        this.intake = intake;
        this.outcomes = outcomes;
    }

    @Incoming("notification-outcome")
    public Uni<Void> onOutcomes(KafkaRecordBatch<String, String> poll) {
        return intake.consume(CONSUMER, poll, records -> intake.accept(CONSUMER, records,
                (envelope, span) -> new Reported(envelope.eventId(), envelope.assetId(),
                        EventCodec.payload(envelope, NotificationOutcome.class)),
                taken -> outcomes.record(CONSUMER, taken.stream().map(PollIntake.Taken::value).toList())));
    }
}
