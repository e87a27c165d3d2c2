package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.Event;
import dev.upshot.contracts.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a consumer's effect at most once per event id: the processed-event row and the effect commit in one
 * transaction, so a redelivered event finds its row and is skipped.
 * <p>
 * Failures are sorted by whether waiting can help ({@link TransientFailures}). A dependency that is unreachable is
 * waited out without end (back-off capped at {@code messaging.consumer.max-backoff}): the partition waits rather
 * than failing valid events. Any other failure is retried {@code messaging.consumer.attempts} times; then, for
 * consumers that can record a failure on the asset (a corrupt image, an encoder error), that record is written in
 * place of the effect and the partition moves on; for the others the message is nacked and goes to the dead-letter
 * topic. A message that is not an event goes there at once.
 * <p>
 * A consumer whose only effect is one event in answer, and that keeps no state of its own, uses {@link #reply}
 * instead: no transaction, no processed-event row, no outbox.
 * <p>
 * The event's id and asset id are put in the log MDC ({@link LogContext}) for every line logged while it is handled.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final EventTracing tracing;
    private final EventPublisher publisher;
    private final Outbox outbox;
    private final MeterRegistry registry;
    private final Transactions transactions;
    private final Pool pool;
    private final OutboxRelay relay;
    private final int attempts;
    private final Duration backoff;
    private final Duration maxBackoff;

    public IdempotentConsumer(MessagingConfig config, EventTracing tracing, MeterRegistry registry,
                              Transactions transactions, Pool pool, EventPublisher publisher, Outbox outbox,
                              OutboxRelay relay) {
        this.tracing = tracing;
        this.publisher = publisher;
        this.outbox = outbox;
        this.registry = registry;
        this.transactions = transactions;
        this.pool = pool;
        this.relay = relay;
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
        return decoded(json).chain(envelope -> observed(consumer, envelope, () -> retried(() -> committed(
                () -> firstTime(consumer, envelope)
                        .chain(first -> first ? effect.apply(envelope) : Uni.createFrom().voidItem())))));
    }

    /**
     * For effects that need slow work first (downloads, models): {@code work} runs outside any transaction, so no
     * database connection is held meanwhile, and is skipped for an event already processed; its result is then
     * applied by {@code effect} in the transaction that records the event (a concurrent duplicate loses there).
     * A failure of {@code work} that retries cannot cure goes to the dead-letter topic.
     */
    public <T> Uni<Void> consume(String consumer, String json, Function<Envelope, Uni<T>> work,
                                 BiFunction<Envelope, T, Uni<Void>> effect) {
        return consume(consumer, json, work, effect, null);
    }

    /**
     * As {@link #consume(String, String, Function, BiFunction)}, but a failure of {@code work} that retries cannot
     * cure is handed to {@code failed}, which records it (on the asset, with its notification) in the transaction
     * that records the event: one bad asset never stalls the partition nor fills the dead-letter topic.
     */
    public <T> Uni<Void> consume(String consumer, String json, Function<Envelope, Uni<T>> work,
                                 BiFunction<Envelope, T, Uni<Void>> effect,
                                 BiFunction<Envelope, Throwable, Uni<Void>> failed) {
        return consume(consumer, json, envelope -> true, work, effect, failed);
    }

    /**
     * As above, for a consumer that acts on some events of its topic only: an event {@code wanted} rejects is
     * acknowledged at once, without a transaction or a processed-event row (most uploads ask a worker for nothing).
     */
    public <T> Uni<Void> consume(String consumer, String json, Predicate<Envelope> wanted,
                                 Function<Envelope, Uni<T>> work, BiFunction<Envelope, T, Uni<Void>> effect,
                                 BiFunction<Envelope, Throwable, Uni<Void>> failed) {
        Context context = Vertx.currentContext();
        return decoded(json).chain(envelope -> !wanted.test(envelope) ? Uni.createFrom().voidItem()
                : observed(consumer, envelope, () -> retried(() -> processed(consumer, envelope))
                .chain(done -> done ? Uni.createFrom().voidItem() : retried(() -> work.apply(envelope))
                        // slow work may finish on any thread; the transaction needs the consumer's context back
                        .emitOn(task -> resume(context, task))
                        .map(Attempt::<T>of)
                        .onFailure(e -> failed != null && !TransientFailures.isTransient(e))
                        .recoverWithItem(Attempt::<T>failure)
                        .chain(attempt -> retried(() -> committed(() -> firstTime(consumer, envelope)
                                .chain(first -> !first ? Uni.createFrom().voidItem()
                                        : attempt.failure() == null ? effect.apply(envelope, attempt.result())
                                        : recordFailure(consumer, envelope, attempt.failure(), failed))))))));
    }

    /**
     * For a consumer whose only effect is one event in answer to each event it takes, and that keeps no state of its
     * own (the on_success runner): {@code work} runs, its event goes to {@code topic} with an id derived from the
     * event it answers ({@link EventCodec#reply}), and the message is acknowledged (its offset committed) once the
     * broker has the answer. A redelivered event is worked again and sends an answer with the same id, which the
     * answer's consumer, idempotent by event id, drops: at least once on the wire, once in effect — as with the
     * outbox relay, which sends a row again when it stops between the send and the delete. The transaction, the
     * outbox row and the relay's pass the answer would otherwise take each cost round trips on its way. Order per
     * asset holds: a partition's events are handled one at a time, each answered before the next. Failures are
     * retried as for {@link #consume}; one retries cannot cure sends the event to the dead-letter topic.
     *
     * @param wanted as for {@link #consume(String, String, Predicate, Function, BiFunction, BiFunction)}
     */
    public <T extends Event> Uni<Void> reply(String consumer, String json, Predicate<Envelope> wanted,
                                             Function<Envelope, Uni<T>> work, String topic) {
        Context context = Vertx.currentContext();
        return decoded(json).chain(envelope -> !wanted.test(envelope) ? Uni.createFrom().voidItem()
                : observed(consumer, envelope, () -> retried(() -> work.apply(envelope))
                .map(answer -> outbox.entry(topic, EventCodec.reply(consumer, envelope, answer, Instant.now())))
                .chain(entry -> retried(() -> publisher.send(entry)))
                // the broker's acknowledgement comes on the producer's thread; the span's scope closes on the context
                .emitOn(task -> resume(context, task))));
    }

    /**
     * Times the handling of one event ({@code upshot.consumer.duration}, by consumer and outcome, retries included)
     * and makes it a span of the event's trace, current meanwhile, so the events it writes continue the trace.
     */
    private Uni<Void> observed(String consumer, Envelope envelope, Supplier<Uni<? extends Void>> handling) {
        Span span = tracing.child(consumer + " process", SpanKind.CONSUMER)
                .setAttribute("upshot.asset_id", envelope.assetId())
                .setAttribute("upshot.event_id", envelope.eventId().toString())
                .setAttribute("upshot.event_type", envelope.type())
                .startSpan();
        Scope scope = span.makeCurrent();   // on the message's own duplicated context
        Timer.Sample sample = Timer.start(registry);
        return Uni.createFrom().<Void>deferred(handling).onTermination().invoke((ignored, failure, cancelled) -> {
            sample.stop(Timer.builder("upshot.consumer.duration")
                    .description("Handling of one event by a consumer, from its arrival to its commit, retries included")
                    .tag("consumer", consumer)
                    .tag("outcome", failure != null ? "failed" : cancelled ? "cancelled" : "processed")
                    .publishPercentileHistogram()
                    .register(registry));
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            span.end();
            scope.close();
        });
    }

    private static void resume(Context context, Runnable task) {
        if (context == null || Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }

    private record Attempt<T>(T result, Throwable failure) {
        static <T> Attempt<T> of(T result) {
            return new Attempt<>(result, null);
        }

        static <T> Attempt<T> failure(Throwable failure) {
            return new Attempt<>(null, failure);
        }
    }

    /** {@code work} in a transaction; once it committed, the events it wrote are the relay's to send. */
    private Uni<Void> committed(Supplier<Uni<Void>> work) {
        return transactions.inTransaction(work).invoke(relay::committed);
    }

    private static Uni<Void> recordFailure(String consumer, Envelope envelope, Throwable failure,
                                           BiFunction<Envelope, Throwable, Uni<Void>> failed) {
        LOG.warnf("%s: event %s of asset %s failed for good, recorded on the asset: %s", consumer,
                envelope.eventId(), envelope.assetId(), failure.getMessage());
        return failed.apply(envelope, failure);
    }

    private static Uni<Envelope> decoded(String json) {
        return Uni.createFrom().item(() -> EventCodec.decode(json)).invoke(LogContext::about);
    }

    /** Re-runs {@code step} (built afresh each time) while it fails: dependency outages without end, the rest a few times. */
    private <T> Uni<T> retried(Supplier<Uni<? extends T>> step) {
        return Uni.createFrom().<T>deferred(step)
                .onFailure(TransientFailures::isTransient)
                .retry().withBackOff(backoff, maxBackoff).indefinitely()
                .onFailure(e -> !(e instanceof EventCodec.MalformedEventException))
                .retry().withBackOff(backoff, backoff.multipliedBy(20)).atMost(attempts - 1L);
    }

    /** A read outside any transaction, on the plain client: the transaction that records the event checks again. */
    private Uni<Boolean> processed(String consumer, Envelope envelope) {
        return pool.preparedQuery("select exists (select 1 from processed_event where consumer = $1 and event_id = $2)")
                .execute(Tuple.of(consumer, envelope.eventId()))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private Uni<Boolean> firstTime(String consumer, Envelope envelope) {
        return transactions.execute("insert into processed_event (consumer, event_id, processed_at) "
                        + "values ($1, $2, now()) on conflict do nothing", consumer, envelope.eventId())
                .map(inserted -> inserted == 1);
    }
}
