package dev.upshot.dispatcher.messaging;

import dev.upshot.dispatcher.service.NotificationIntake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Transport only: hands each record of {@code upshot.notification.requested} to the intake. The record is acknowledged
 * when the intake's transaction committed; on failure it is nacked and goes to the dead-letter topic.
 */
@ApplicationScoped
public class NotificationRequestedListener {
    private static final Logger LOG = Logger.getLogger(NotificationRequestedListener.class);

    private final NotificationIntake intake;

    public NotificationRequestedListener(NotificationIntake intake) {
        this.intake = intake;
    }

    @Incoming("notification-requested")
    public Uni<Void> onNotificationRequested(String json) {
        return intake.accept(json)
                .onFailure().invoke(e -> LOG.warnf("notification request rejected, sent to the dead-letter topic: %s",
                        e.toString()));
    }
}
