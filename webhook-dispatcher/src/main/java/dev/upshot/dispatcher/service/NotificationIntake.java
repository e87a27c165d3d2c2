package dev.upshot.dispatcher.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.EventCodec.MalformedEventException;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.dispatcher.config.AccountsConfig;
import dev.upshot.dispatcher.persistence.DeliveryRepository;
import dev.upshot.dispatcher.persistence.NewDelivery;
import dev.upshot.messaging.EventTracing;
import dev.upshot.messaging.PollIntake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns NotificationRequested events into one pending delivery per target, once per event id however often an event
 * is redelivered. A whole poll is taken in with one transaction: the processed-event rows of its events and the
 * deliveries of those not processed before commit together. The body is serialised here, once: every attempt sends
 * and signs these exact bytes.
 * <p>
 * Failures as the messaging module's {@link PollIntake} handles them: an unreachable database is waited out without
 * end; any other failure is retried, then the poll is taken in one event at a time so that only the event that keeps
 * failing is rejected (dead-letter topic); a message that is not a valid event is rejected at once.
 */
@ApplicationScoped
public class NotificationIntake {
    /** The processed-event log's name for this consumer (the same as when events were taken in one by one). */
    static final String CONSUMER = "notification-requested";

    private final DeliveryRepository deliveries;
    private final DeliveryPolicy policy;
    private final DeliveryPump pump;
    private final AccountsConfig accounts;
    private final PollIntake intake;

    public NotificationIntake(DeliveryRepository deliveries, DeliveryPolicy policy, DeliveryPump pump,
                              AccountsConfig accounts, PollIntake intake) {
        this.deliveries = deliveries;
        this.policy = policy;
        this.pump = pump;
        this.accounts = accounts;
        this.intake = intake;
    }

    /**
     * Completes once the deliveries of every acceptable request are committed.
     *
     * @return the requests that can never be taken in, by their index in {@code requests}, with why
     */
    public Uni<Map<Integer, RuntimeException>> accept(List<PollIntake.Record> requests) {
        // first attempts are due now: those with a free slot are sent at once, the others claimed by the next pass
        return intake.accept(CONSUMER, requests,
                (envelope, span) -> deliveriesOf(envelope, EventTracing.traceparent(span)),
                batch -> pump.takeIn(lease -> deliveries.createOnce(CONSUMER, rows(batch), lease)
                        .map(inserted -> new DeliveryPump.Intake(inserted.leased(),
                                inserted.leased().size() < inserted.count()))));
    }

    private static Map<UUID, List<NewDelivery>> rows(List<PollIntake.Taken<List<NewDelivery>>> batch) {
        Map<UUID, List<NewDelivery>> rows = new LinkedHashMap<>();
        batch.forEach(taken -> rows.put(taken.envelope().eventId(), taken.value()));
        return rows;
    }

    private List<NewDelivery> deliveriesOf(Envelope envelope, String traceparent) {
        NotificationRequested request = EventCodec.payload(envelope, NotificationRequested.class);
        if (request.body() == null || request.notificationType() == null) {
            throw new MalformedEventException("NotificationRequested " + envelope.eventId()
                    + " lacks its body or notification type");
        }
        byte[] body = serialise(request);
        Instant now = Instant.now();
        Instant firstAttemptAt = policy.firstAttemptAt(now);
        boolean standardWebhooks = accounts.forCloud(envelope.cloud()).map(AccountsConfig.Account::standardWebhooks)
                .orElse(false);
        Set<String> standardTargets = new HashSet<>(request.standardWebhookTargets());
        List<NewDelivery> rows = new ArrayList<>();
        for (String target : new LinkedHashSet<>(request.targets())) {
            rows.add(new NewDelivery(envelope.eventId(), envelope.cloud(), envelope.assetId(), envelope.assetVersion(),
                    request.notificationType(), target, body, standardWebhooks || standardTargets.contains(target),
                    now, firstAttemptAt, traceparent));
        }
        return rows;
    }

    private static byte[] serialise(NotificationRequested request) {
        try {
            return EventCodec.mapper().writeValueAsBytes(request.body());
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("notification body cannot be serialised: " + e.getOriginalMessage());
        }
    }
}
