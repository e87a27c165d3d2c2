package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Takes a whole Kafka poll in with one write, for consumers whose effect is a row per event: one statement for a
 * poll instead of a transaction per record. The write must record the events' ids (the processed-event log) with
 * their effect, atomically, so a redelivered poll changes nothing twice.
 * <p>
 * Failures as in {@link IdempotentConsumer}: an unreachable database is waited out without end; any other failure is
 * retried {@code messaging.consumer.attempts} times, then the poll is written one event at a time, so that only the
 * event that keeps failing goes to the dead-letter topic; a message that is not a valid event goes there at once. The
 * poll is acknowledged once its write committed and its rejected records are in the dead-letter topic.
 */
@ApplicationScoped
public class PollIntake {
    private static final Logger LOG = Logger.getLogger(PollIntake.class);

    private final EventTracing tracing;
    private final MeterRegistry registry;
    private final int attempts;
    private final Duration backoff;
    private final Duration maxBackoff;

    public PollIntake(MessagingConfig config, EventTracing tracing, MeterRegistry registry) {
        this.tracing = tracing;
        this.registry = registry;
        this.attempts = config.consumer().attempts();
        this.backoff = config.consumer().backoff();
        this.maxBackoff = config.consumer().maxBackoff();
    }

    /**
     * The one statement of a poll's write: records the events {@code $2} ({@code uuid[]}) of consumer {@code $1} as
     * processed and runs {@code effect}, which sees the ids not processed before as {@code first_time(event_id)};
     * its own parameters start at {@code $3}. A single statement is atomic without BEGIN/COMMIT.
     */
    public static String firstTime(String effect) {
        return """
                with first_time as (
                    insert into processed_event (consumer, event_id, processed_at)
                    select $1, id, now() from unnest($2::uuid[]) as id
                    on conflict do nothing
                    returning event_id
                )
                """ + effect;
    }

    /** One Kafka record: its value and the W3C trace context it carries (null when none). */
    public record Record(String json, String traceparent) {
    }

    /** An event of the poll: its envelope, what {@code decode} made of it, and the span of its handling. */
    public record Taken<T>(int index, Envelope envelope, T value, Span span) {
    }

    /**
     * The transport: hands the poll to {@code accept}, sends the records it rejects to the dead-letter topic, then
     * acknowledges the poll.
     *
     * @param accept takes the poll's records in, and answers those it rejected for good, by index, with why
     */
    public Uni<Void> consume(String consumer, KafkaRecordBatch<String, String> poll,
                             Function<List<Record>, Uni<Map<Integer, RuntimeException>>> accept) {
        List<KafkaRecord<String, String>> records = poll.getRecords();
        return accept.apply(records.stream().map(r -> new Record(r.getPayload(), traceparent(r))).toList())
                .chain(rejected -> Multi.createFrom().iterable(rejected.entrySet())
                        .onItem().transformToUniAndConcatenate(rejection -> {
                            LOG.warnf("%s: a record was rejected, sent to the dead-letter topic: %s", consumer,
                                    rejection.getValue().toString());
                            // acknowledged by the dead-letter handler once the dead-letter topic has it
                            return Uni.createFrom().completionStage(
                                    records.get(rejection.getKey()).nack(rejection.getValue()));
                        })
                        .collect().last())
                .chain(() -> Uni.createFrom().completionStage(poll.ack()));
    }

    /**
     * Takes a poll in: each event once, with one write.
     *
     * @param consumer the processed-event log's name for this consumer
     * @param decode   turns an event into what {@code write} stores (the span continues the record's trace); a
     *                 failure rejects the event for good
     * @param write    stores the events it is given, each once, with their ids, in one atomic write
     * @return the records that can never be taken in, by their index in {@code records}, with why
     */
    public <T> Uni<Map<Integer, RuntimeException>> accept(String consumer, List<Record> records,
                                                          BiFunction<Envelope, Span, T> decode,
                                                          Function<List<Taken<T>>, Uni<Void>> write) {
        Timer.Sample sample = Timer.start(registry);
        Map<Integer, RuntimeException> rejected = new TreeMap<>();
        Map<UUID, Taken<T>> events = new LinkedHashMap<>();   // a poll may hold an event twice: it is taken once
        for (int i = 0; i < records.size(); i++) {
            try {
                Taken<T> taken = decoded(consumer, i, records.get(i), decode);
                if (events.putIfAbsent(taken.envelope().eventId(), taken) != null) {
                    taken.span().end();
                }
            } catch (RuntimeException e) {
                rejected.put(i, e);
            }
        }
        List<Taken<T>> taken = List.copyOf(events.values());
        return written(taken, rejected, write)
                .invoke(() -> {
                    for (Taken<T> event : taken) {
                        RuntimeException failure = rejected.get(event.index());
                        if (failure != null) {
                            event.span().setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                        }
                        event.span().end();
                    }
                    timed(consumer, sample, (int) taken.stream().filter(t -> !rejected.containsKey(t.index())).count(),
                            "processed");
                    timed(consumer, sample, rejected.size(), "failed");
                })
                .replaceWith(rejected);
    }

    private static String traceparent(KafkaRecord<String, String> record) {
        Header header = record.getHeaders().lastHeader(EventTracing.TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private <T> Taken<T> decoded(String consumer, int index, Record record, BiFunction<Envelope, Span, T> decode) {
        Envelope envelope = EventCodec.decode(record.json());
        Span span = tracing.span(consumer + " process", SpanKind.CONSUMER, record.traceparent())
                .setAttribute("upshot.asset_id", envelope.assetId())
                .setAttribute("upshot.event_id", envelope.eventId().toString())
                .setAttribute("upshot.event_type", envelope.type())
                .startSpan();
        try {
            return new Taken<>(index, envelope, decode.apply(envelope, span), span);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            span.end();
            throw e;
        }
    }

    /** Writes the whole poll at once; if that keeps failing, each event on its own. */
    private <T> Uni<Void> written(List<Taken<T>> events, Map<Integer, RuntimeException> rejected,
                                  Function<List<Taken<T>>, Uni<Void>> write) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> together = retried(() -> write.apply(events));
        if (events.size() == 1) {
            return together.onFailure().recoverWithUni(e -> {
                rejected.put(events.getFirst().index(), e instanceof RuntimeException r ? r : new IllegalStateException(e));
                return Uni.createFrom().voidItem();
            });
        }
        return together.onFailure().recoverWithUni(e -> {
            LOG.warnf("a poll of %d events failed together, writing them one by one: %s", events.size(), e.toString());
            Uni<Void> oneByOne = Uni.createFrom().voidItem();
            for (Taken<T> event : events) {
                oneByOne = oneByOne.chain(() -> written(List.of(event), rejected, write));
            }
            return oneByOne;
        });
    }

    /** Re-runs {@code step} while it fails: database outages without end, the rest a few times. */
    private Uni<Void> retried(Supplier<Uni<? extends Void>> step) {
        return Uni.createFrom().<Void>deferred(step)
                .onFailure(TransientFailures::isTransient)
                .retry().withBackOff(backoff, maxBackoff).indefinitely()
                .onFailure().retry().withBackOff(backoff, backoff.multipliedBy(20)).atMost(attempts - 1L);
    }

    /** Per event, as {@link IdempotentConsumer} records it: {@code upshot.consumer.duration}. */
    private void timed(String consumer, Timer.Sample sample, int events, String outcome) {
        if (events <= 0) {
            return;
        }
        Timer timer = Timer.builder("upshot.consumer.duration")
                .description("Handling of one event by a consumer, from its arrival to its commit, retries included")
                .tag("consumer", consumer)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
        long nanos = sample.stop(timer);
        for (int i = 1; i < events; i++) {
            timer.record(Duration.ofNanos(nanos));
        }
    }
}
