package dev.upshot.dispatcher.messaging;

import dev.upshot.dispatcher.service.NotificationIntake;
import dev.upshot.dispatcher.service.NotificationIntake.Request;
import dev.upshot.messaging.EventTracing;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Transport only: hands each poll of {@code upshot.notification.requested} to the intake, which takes it in with one
 * transaction. The poll is acknowledged when that transaction committed; a record the intake rejects for good is
 * nacked on its own first, and goes to the dead-letter topic (the rest of the poll is not held back by it).
 */
@ApplicationScoped
public class NotificationRequestedConsumer {
    private static final Logger LOG = Logger.getLogger(NotificationRequestedConsumer.class);

    private final NotificationIntake intake;

    public NotificationRequestedConsumer(NotificationIntake intake) {
        this.intake = intake;
    }

    @Incoming("notification-requested")
    public Uni<Void> onNotificationRequested(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        return intake.accept(records.stream().map(r -> new Request(r.getPayload(), traceparent(r))).toList())
                .chain(rejected -> Multi.createFrom().iterable(rejected.entrySet())
                        .onItem().transformToUniAndConcatenate(rejection -> {
                            LOG.warnf("notification request rejected, sent to the dead-letter topic: %s",
                                    rejection.getValue().toString());
                            // acknowledged by the dead-letter handler once the dead-letter topic has it
                            return Uni.createFrom().completionStage(
                                    records.get(rejection.getKey()).nack(rejection.getValue()));
                        })
                        .collect().last())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private static String traceparent(KafkaRecord<String, String> record) {
        Header header = record.getHeaders().lastHeader(EventTracing.TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
