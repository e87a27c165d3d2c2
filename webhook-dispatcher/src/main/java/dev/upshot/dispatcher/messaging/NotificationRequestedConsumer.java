package dev.upshot.dispatcher.messaging;

import dev.upshot.dispatcher.service.NotificationIntake;
import dev.upshot.messaging.PollIntake;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Transport only: hands each poll of {@code upshot.notification.requested} to the intake, which takes it in with one
 * transaction. The poll is acknowledged when that transaction committed; a record the intake rejects for good is
 * nacked on its own first, and goes to the dead-letter topic (the rest of the poll is not held back by it).
 */
@ApplicationScoped
public class NotificationRequestedConsumer {
    private final PollIntake transport;
    private final NotificationIntake intake;

    public NotificationRequestedConsumer(PollIntake transport, NotificationIntake intake) {
        this.transport = transport;
        this.intake = intake;
    }

    @Incoming("notification-requested")
    public Uni<Void> onNotificationRequested(KafkaRecordBatch<String, String> batch) {
        return transport.consume("notification-requested", batch, intake::accept);
    }
}
