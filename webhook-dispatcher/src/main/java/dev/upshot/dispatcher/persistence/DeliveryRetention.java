package dev.upshot.dispatcher.persistence;

import dev.upshot.dispatcher.config.WebhookConfig;
import dev.upshot.messaging.RetentionRule;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The delivery log is kept for its retention, counted from a delivery's last change; its attempts go with it. */
@Singleton
public class DeliveryRetention {
    private static final String DELETE_FINISHED = """
            delete from delivery where ctid = any(array(
                select ctid from delivery where updated_at < $1 and state <> 'PENDING'
                 limit $2 for update skip locked))""";

    @Produces
    @Singleton
    static RetentionRule finishedDeliveries(WebhookConfig config) {
        return new RetentionRule("finished webhook deliveries", DELETE_FINISHED, config.logRetention());
    }
}
