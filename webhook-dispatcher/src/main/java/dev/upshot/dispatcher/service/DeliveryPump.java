package dev.upshot.dispatcher.service;

import dev.upshot.messaging.FreshContext;
import dev.upshot.dispatcher.client.WebhookClient;
import dev.upshot.dispatcher.config.WebhookConfig;
import dev.upshot.dispatcher.persistence.DeliveryRepository;
import dev.upshot.dispatcher.persistence.DeliveryRepository.Claim;
import dev.upshot.dispatcher.persistence.DeliveryRepository.IntakeLease;
import dev.upshot.dispatcher.persistence.TargetRepository.Target;
import dev.upshot.messaging.EventTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Moves due deliveries: a pass claims them (committed at once), then each is sent and its attempt recorded on its own,
 * so one slow receiver never holds up the others. A pass runs when new deliveries commit, when an attempt ends while due
 * rows wait for its slot, when a retry is scheduled, and when the first pending delivery falls due (the pump sleeps
 * until then; the claim itself tells when that is); at most one pass runs at a time in this replica,
 * and leases keep replicas from sending the same delivery twice.
 */
@ApplicationScoped
public class DeliveryPump {
    private static final Logger LOG = Logger.getLogger(DeliveryPump.class);
    /** A claim is a short query; if it hangs this long, the pass is abandoned so the next one can start. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);
    /** How often a pass also counts the pending deliveries (a gauge): counting reads the whole backlog. */
    private static final Duration COUNT_INTERVAL = Duration.ofSeconds(5);
    /** A pass that takes longer makes the next one count, to see whether the planner's statistics went stale. */
    private static final Duration SLOW_PASS = Duration.ofMillis(20);

    private final DeliveryRepository deliveries;
    private final WebhookClient client;
    private final AttemptRecorder recorder;
    private final FreshContext contexts;
    private final DispatchMetrics metrics;
    private final EventTracing tracing;
    private final WebhookConfig config;
    private final Duration lease;
    private final Vertx vertx;
    /** First attempts are due when created (no delay configured before them): the intake may send them at once. */
    private final boolean firstAttemptAtOnce;
    private long timer;
    private volatile boolean stopped;

    /** A claim pass or a leasing intake holds the pump: one at a time, so neither fills slots the other took. */
    private final AtomicBoolean passRunning = new AtomicBoolean();
    /** A claim pass (not an intake) is running: it may have left rows waiting for a slot that is free now. */
    private volatile boolean claiming;
    /** The last pass left due rows waiting for a slot or their turn: an answer that frees one starts a pass. */
    private volatile boolean dueLeft = true;
    private final AtomicBoolean passRequested = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Deliveries whose attempt is over and whose record is being written: their slots are free already. */
    private final Set<UUID> answered = ConcurrentHashMap.newKeySet();
    private volatile Instant lastPassStartedAt = Instant.now();
    private volatile Instant lastCountedAt = Instant.EPOCH;
    private volatile boolean lastPassSlow;
    private final AtomicBoolean analysing = new AtomicBoolean();
    /** Where the last pass stopped visiting targets (null: it visited up to the last one). */
    private volatile Target resumeAfter;

    public DeliveryPump(DeliveryRepository deliveries, WebhookClient client, AttemptRecorder recorder,
                        FreshContext contexts, DispatchMetrics metrics, WebhookConfig config, Vertx vertx,
                        EventTracing tracing, DeliveryPolicy policy) {
        this.tracing = tracing;
        this.deliveries = deliveries;
        this.client = client;
        this.recorder = recorder;
        this.contexts = contexts;
        this.metrics = metrics;
        this.config = config;
        this.lease = config.timeout().plus(config.leaseMargin());
        this.vertx = vertx;
        this.firstAttemptAtOnce = policy.firstAttemptAtOnce();
    }

    void start(@Observes StartupEvent event) {
        nudge();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;   // attempts in flight may still finish; any not recorded are retried when their lease ends
        vertx.cancelTimer(timer);
    }

    /** Asks for a pass now, e.g. because deliveries were just created. Cheap; never blocks. */
    public void nudge() {
        if (stopped) {
            return;
        }
        passRequested.set(true);
        if (passRunning.compareAndSet(false, true)) {
            startPass();
        }
    }

    /**
     * Takes new deliveries in with {@code insert}, which leases those that can be sent at once ({@link IntakeLease}):
     * they go out as soon as it commits, without waiting for a claim. While a pass runs, a claim and the insert could
     * each fill a target's free slots without seeing the other's leases, so then nothing is leased and the next pass
     * claims the new rows. While due rows wait for a claim (a backlog), they go first, and leasing at insert would only
     * make the insert dearer: nothing is leased either. Rows left unleased start a pass.
     */
    public Uni<Void> takeIn(Function<IntakeLease, Uni<Intake>> insert) {
        if (stopped || !firstAttemptAtOnce || dueLeft || !passRunning.compareAndSet(false, true)) {
            return insert.apply(IntakeLease.none()).invoke(this::nudge).replaceWithVoid();
        }
        IntakeLease lease = new IntakeLease(config.perTargetConcurrency(), config.maxInFlight() - inFlight.get(),
                this.lease, UUID.randomUUID());
        return insert.apply(lease)
                .invoke(intake -> intake.leased().forEach(this::launch))   // committed: the leases are visible
                .onTermination().invoke((intake, failure, cancelled) -> {
                    passRunning.set(false);
                    if (intake == null || intake.leftForClaim() || passRequested.get()) {
                        dueLeft = true;
                        nudge();
                    }
                })
                .replaceWithVoid();
    }

    /** What an intake inserted: the deliveries it leased, and whether others wait for a claim. */
    public record Intake(List<PendingDispatch> leased, boolean leftForClaim) {
    }

    public int inFlight() {
        return inFlight.get();
    }

    public Instant lastPassStartedAt() {
        return lastPassStartedAt;
    }

    private void startPass() {
        claiming = true;
        passRequested.set(false);
        lastPassStartedAt = Instant.now();
        contexts.run(this::claimAndLaunch)
                .ifNoItem().after(CLAIM_TIMEOUT).fail()
                .subscribe().with(
                        claim -> endPass(claim),
                        failure -> {
                            LOG.warnf("claiming due deliveries failed, retrying on the next tick: %s", failure.toString());
                            dueLeft = true;
                            endPass(null);
                        });
    }

    /** @param claim what the pass claimed and saw, or null when it claimed nothing and saw nothing */
    private void endPass(Claim claim) {
        claiming = false;
        passRunning.set(false);
        if (claim != null && claim.claimed().size() == config.batchSize() || passRequested.get()) {
            nudge();
        } else {
            sleepUntilDue(claim);
        }
    }

    /**
     * Sleeps until the first pending delivery falls due (a retry, a lease a dead replica left), or the safety
     * interval: an idle dispatcher does nothing. Due rows that wait for a free slot of their target are looked at
     * again after the poll interval at the soonest; a finished attempt frees a slot and nudges at once. A pass that
     * did not count the pending rows wakes once more within the count interval, so the gauge ends up current.
     */
    private void sleepUntilDue(Claim claim) {
        if (claim == null) {
            schedule(config.pollInterval().multipliedBy(10));
            return;
        }
        Duration wait = claim.untilNextDue() == null ? config.safetyInterval()
                : max(config.pollInterval(), min(claim.untilNextDue(), config.safetyInterval()));
        schedule(claim.pending() == null ? min(wait, COUNT_INTERVAL) : wait);
    }

    private synchronized void schedule(Duration wait) {
        if (stopped) {
            return;
        }
        vertx.cancelTimer(timer);
        timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> nudge());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** @return null when every slot of this replica is taken (an answer starts the next pass) */
    private Uni<Claim> claimAndLaunch() {
        int capacity = config.maxInFlight() - inFlight.get();
        if (capacity <= 0) {
            dueLeft = true;
            return Uni.createFrom().nullItem();
        }
        Instant start = Instant.now();
        boolean count = lastPassSlow || Duration.between(lastCountedAt, start).compareTo(COUNT_INTERVAL) >= 0;
        return deliveries.claimDue(Math.min(config.batchSize(), capacity), config.perTargetConcurrency(), lease,
                        List.copyOf(answered), resumeAfter, count)
                .invoke(claim -> {
                    lastPassSlow = Duration.between(start, Instant.now()).compareTo(SLOW_PASS) > 0;
                    resumeAfter = claim.resumeAfter();
                    if (claim.pending() != null) {
                        lastCountedAt = Instant.now();
                        metrics.pending(claim.pending());
                    }
                    if (claim.statisticsStale()) {
                        refreshStatistics();
                    }
                    dueLeft = claim.dueLeft();
                    claim.claimed().forEach(this::launch);   // committed: the claim is visible to others
                });
    }

    private void launch(PendingDispatch dispatch) {
        inFlight.incrementAndGet();
        // claimed again (its earlier attempt's record never landed and its lease ended): in flight, so it counts
        answered.remove(dispatch.deliveryId());
        Span span = attemptSpan(dispatch);
        // on its own context, with the attempt's span current there: the request's client span and the receiver's
        // traceparent header hang under this attempt
        contexts.run(() -> {
                    Scope scope = span.makeCurrent();
                    return client.send(dispatch).onTermination().invoke(scope::close);
                })
                .invoke(attempt -> {
                    // the request is over: its slot, here and for its target, goes to the next due row now, while the
                    // attempt is being recorded (its row stays leased until then, so no other replica takes it)
                    answered.add(dispatch.deliveryId());
                    inFlight.decrementAndGet();
                    metrics.attempted(attempt);
                    traced(span, attempt);
                    if (dueLeft || claiming) {   // the running pass may yet find rows waiting for it
                        nudge();
                    }
                })
                .chain(attempt -> recorder.record(dispatch, attempt))
                .onTermination().invoke((transition, failure, cancelled) -> {
                    span.end();
                    answered.remove(dispatch.deliveryId());
                    if (!(transition != null && transition.status().isFinal())) {
                        nudge();   // a retry to schedule (it may be due at once), or a row whose lease must run out
                    }
                })
                .subscribe().with(
                        transition -> {
                            if (transition != null) {
                                metrics.transitioned(transition);
                            }
                        },
                        failure -> LOG.warnf("recording attempt %d of delivery %s failed; it is retried once its "
                                + "lease ends: %s", dispatch.attemptNo(), dispatch.deliveryId(), failure.toString()));
    }

    private void refreshStatistics() {
        if (analysing.compareAndSet(false, true)) {
            deliveries.refreshStatistics().onTermination().invoke(() -> analysing.set(false)).subscribe().with(
                    done -> LOG.debugf("analysed the delivery table: a backlog the planner did not know of"),
                    failure -> LOG.warnf("analysing the delivery table failed: %s", failure.toString()));
        }
    }

    /** Each attempt, retries and replays included, is a span of the trace that asked for the notification. */
    private Span attemptSpan(PendingDispatch dispatch) {
        return tracing.span("webhook attempt", SpanKind.CLIENT, dispatch.traceparent())
                .setAttribute("url.full", dispatch.target())
                .setAttribute("upshot.delivery_id", dispatch.deliveryId().toString())
                .setAttribute("upshot.event_id", dispatch.eventId().toString())
                .setAttribute("upshot.asset_id", dispatch.assetId())
                .setAttribute("upshot.attempt", dispatch.attemptNo())
                .startSpan();
    }

    private static void traced(Span span, CompletedAttempt attempt) {
        String outcome = DispatchMetrics.outcome(attempt.result());
        span.setAttribute("upshot.webhook.outcome", outcome);
        if (attempt.result().status() > 0) {
            span.setAttribute("http.response.status_code", attempt.result().status());
        }
        if (!"success".equals(outcome)) {
            span.setStatus(StatusCode.ERROR, attempt.result().error() == null ? outcome : attempt.result().error());
        }
    }
}
