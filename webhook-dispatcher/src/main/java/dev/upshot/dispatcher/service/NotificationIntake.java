package dev.upshot.dispatcher.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.EventCodec.MalformedEventException;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.dispatcher.config.AccountsConfig;
import dev.upshot.dispatcher.persistence.Delivery;
import dev.upshot.dispatcher.persistence.DeliveryRepository;
import dev.upshot.messaging.EventTracing;
import dev.upshot.messaging.MessagingConfig;
import dev.upshot.messaging.TransientFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns NotificationRequested events into one pending delivery per target, once per event id however often an event
 * is redelivered. A whole poll is taken in with one transaction: the processed-event rows of its events and the
 * deliveries of those not processed before commit together. The body is serialised here, once: every attempt sends
 * and signs these exact bytes.
 * <p>
 * Failures as in the messaging module's IdempotentConsumer: an unreachable database is waited out without end; any
 * other failure is retried {@code messaging.consumer.attempts} times, then the poll is taken in one event at a time so
 * that only the event that keeps failing is rejected (dead-letter topic); a message that is not a valid event is
 * rejected at once.
 */
@ApplicationScoped
public class NotificationIntake {
    private static final Logger LOG = Logger.getLogger(NotificationIntake.class);
    /** The processed-event log's name for this consumer (the same as when events were taken in one by one). */
    static final String CONSUMER = "notification-requested";

    private final DeliveryRepository deliveries;
    private final DeliveryPolicy policy;
    private final DeliveryPump pump;
    private final AccountsConfig accounts;
    private final EventTracing tracing;
    private final MeterRegistry registry;
    private final int attempts;
    private final Duration backoff;
    private final Duration maxBackoff;

    public NotificationIntake(DeliveryRepository deliveries, DeliveryPolicy policy, DeliveryPump pump,
                              AccountsConfig accounts, EventTracing tracing, MeterRegistry registry,
                              MessagingConfig messaging) {
        this.deliveries = deliveries;
        this.policy = policy;
        this.pump = pump;
        this.accounts = accounts;
        this.tracing = tracing;
        this.registry = registry;
        this.attempts = messaging.consumer().attempts();
        this.backoff = messaging.consumer().backoff();
        this.maxBackoff = messaging.consumer().maxBackoff();
    }

    /** One Kafka record: its value and the W3C trace context it carries (null when none). */
    public record Request(String json, String traceparent) {
    }

    /** An event of the poll, decoded, with its deliveries and the span of its handling. */
    private record Accepted(int index, UUID eventId, List<Delivery> rows, Span span) {
    }

    /**
     * Completes once the deliveries of every acceptable request are committed.
     *
     * @return the requests that can never be taken in, by their index in {@code requests}, with why
     */
    public Uni<Map<Integer, RuntimeException>> accept(List<Request> requests) {
        Timer.Sample sample = Timer.start(registry);
        Map<Integer, RuntimeException> rejected = new TreeMap<>();
        Map<UUID, Accepted> events = new LinkedHashMap<>();   // a poll may hold an event twice: it is taken in once
        for (int i = 0; i < requests.size(); i++) {
            try {
                Accepted accepted = decode(i, requests.get(i));
                if (events.putIfAbsent(accepted.eventId(), accepted) != null) {
                    accepted.span().end();
                }
            } catch (RuntimeException e) {
                rejected.put(i, e);
            }
        }
        List<Accepted> batch = List.copyOf(events.values());
        return store(batch, rejected)
                .invoke(() -> {
                    pump.nudge();   // first attempts are due now: don't wait for a timer
                    for (Accepted accepted : batch) {
                        RuntimeException failure = rejected.get(accepted.index());
                        if (failure != null) {
                            accepted.span().setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                        }
                        accepted.span().end();
                    }
                    timed(sample, (int) batch.stream().filter(a -> !rejected.containsKey(a.index())).count(),
                            "processed");
                    timed(sample, rejected.size(), "failed");
                })
                .replaceWith(rejected);
    }

    /** Stores the whole batch in one transaction; if that keeps failing, each event on its own. */
    private Uni<Void> store(List<Accepted> batch, Map<Integer, RuntimeException> rejected) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> together = retried(() -> deliveries.createOnce(CONSUMER, rows(batch)));
        if (batch.size() == 1) {
            return together.onFailure().recoverWithUni(e -> {
                rejected.put(batch.getFirst().index(), e instanceof RuntimeException r ? r : new IllegalStateException(e));
                return Uni.createFrom().voidItem();
            });
        }
        return together.onFailure().recoverWithUni(e -> {
            LOG.warnf("a poll of %d notification requests failed together, taking them in one by one: %s",
                    batch.size(), e.toString());
            Uni<Void> oneByOne = Uni.createFrom().voidItem();
            for (Accepted accepted : batch) {
                oneByOne = oneByOne.chain(() -> store(List.of(accepted), rejected));
            }
            return oneByOne;
        });
    }

    private static Map<UUID, List<Delivery>> rows(List<Accepted> batch) {
        Map<UUID, List<Delivery>> rows = new LinkedHashMap<>();
        batch.forEach(accepted -> rows.put(accepted.eventId(), accepted.rows()));
        return rows;
    }

    private Accepted decode(int index, Request request) {
        Envelope envelope = EventCodec.decode(request.json());
        Span span = tracing.span(CONSUMER + " process", SpanKind.CONSUMER, request.traceparent())
                .setAttribute("upshot.asset_id", envelope.assetId())
                .setAttribute("upshot.event_id", envelope.eventId().toString())
                .setAttribute("upshot.event_type", envelope.type())
                .startSpan();
        try {
            return new Accepted(index, envelope.eventId(), deliveriesOf(envelope, EventTracing.traceparent(span)), span);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            span.end();
            throw e;
        }
    }

    private List<Delivery> deliveriesOf(Envelope envelope, String traceparent) {
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
        List<Delivery> rows = new ArrayList<>();
        for (String target : new LinkedHashSet<>(request.targets())) {
            rows.add(Delivery.pending(envelope.eventId(), envelope.cloud(), envelope.assetId(), envelope.assetVersion(),
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

    /** Re-runs {@code step} while it fails: database outages without end, the rest a few times. */
    private Uni<Void> retried(Supplier<Uni<? extends Void>> step) {
        return Uni.createFrom().<Void>deferred(step)
                .onFailure(TransientFailures::isTransient)
                .retry().withBackOff(backoff, maxBackoff).indefinitely()
                .onFailure().retry().withBackOff(backoff, backoff.multipliedBy(20)).atMost(attempts - 1L);
    }

    /** Per event, as the messaging module's consumers record it: {@code upshot.consumer.duration}. */
    private void timed(Timer.Sample sample, int events, String outcome) {
        if (events <= 0) {
            return;
        }
        Timer timer = Timer.builder("upshot.consumer.duration")
                .description("Handling of one event by a consumer, from its arrival to its commit, retries included")
                .tag("consumer", CONSUMER)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
        long nanos = sample.stop(timer);
        for (int i = 1; i < events; i++) {
            timer.record(Duration.ofNanos(nanos));
        }
    }
}
