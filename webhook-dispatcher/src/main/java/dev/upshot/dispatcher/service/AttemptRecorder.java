package dev.upshot.dispatcher.service;

import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationOutcome;
import dev.upshot.contracts.Topics;
import dev.upshot.dispatcher.config.WebhookConfig;
import dev.upshot.dispatcher.persistence.AttemptLog;
import dev.upshot.dispatcher.persistence.AttemptLog.Settled;
import dev.upshot.dispatcher.persistence.TargetRepository;
import dev.upshot.dispatcher.persistence.TargetRepository.Target;
import dev.upshot.messaging.Outbox;
import dev.upshot.messaging.OutboxEntry;
import dev.upshot.messaging.OutboxRelay;
import dev.upshot.messaging.TransientFailures;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes attempts and their consequences: the attempt row, the delivery's new state, and, when that state is final,
 * the NotificationOutcome in the outbox, for many attempts in one statement of one transaction. Attempts that finish
 * while a write runs wait for it and then go together in the next transaction (group commit): no timer, and a single
 * attempt is written at once.
 */
@ApplicationScoped
public class AttemptRecorder {
    private static final Logger LOG = Logger.getLogger(AttemptRecorder.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(100);

    private final Pool pool;
    private final AttemptLog log;
    private final DeliveryPolicy policy;
    private final Outbox outbox;
    private final TargetRepository targets;
    private final DispatchMetrics metrics;
    private final Duration disableAfter;
    private final OutboxRelay relay;

    private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    public AttemptRecorder(Pool pool, AttemptLog log, DeliveryPolicy policy, Outbox outbox, TargetRepository targets,
                           DispatchMetrics metrics, WebhookConfig config, OutboxRelay relay) {
        this.pool = pool;
        this.log = log;
        this.policy = policy;
        this.outbox = outbox;
        this.targets = targets;
        this.metrics = metrics;
        this.disableAfter = config.disableAfter();
        this.relay = relay;
    }

    private record Waiting(Settled settled, UniEmitter<? super Transition> emitter) {
    }

    /** @return the transition made, or null when the lease was lost and the attempt is not recorded */
    public Uni<Transition> record(PendingDispatch dispatch, CompletedAttempt attempt) {
        Settled settled = new Settled(dispatch, attempt, policy.next(attempt, dispatch.scheduleStart()));
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Waiting(settled, emitter));
            writeWaiting();
        });
    }

    private void writeWaiting() {
        if (!writing.compareAndSet(false, true)) {
            return;   // the write running now starts the next one when it ends
        }
        List<Waiting> batch = new ArrayList<>();
        for (Waiting w = queue.poll(); w != null; w = queue.poll()) {
            batch.add(w);
        }
        if (batch.isEmpty()) {
            writing.set(false);
            if (!queue.isEmpty()) {
                writeWaiting();   // added between the last poll and the reset
            }
            return;
        }
        write(batch).subscribe().with(ignored -> next(), failure -> next());
    }

    private void next() {
        writing.set(false);
        writeWaiting();
    }

    /** One statement (a transaction when an attempt failed) for the batch; if it fails for another reason than an outage, each attempt on its own. */
    private Uni<Void> write(List<Waiting> batch) {
        List<Settled> attempts = batch.stream().map(Waiting::settled).toList();
        // all answered 2xx (the usual case): the settle statement alone does everything, atomically, without a
        // transaction around it; a failure also writes its target's health, in the same transaction
        Uni<List<Settled>> recording = attempts.stream().allMatch(Settled::succeeded) ? settle(pool, attempts)
                : pool.withTransaction(connection -> settle(connection, attempts)
                        .call(recorded -> trackFailures(connection, recorded)));
        return recording.map(AttemptRecorder::ids)
                .onFailure(TransientFailures::isTransient).retry().withBackOff(RETRY_BACKOFF).atMost(3)
                .invoke(relay::committed)   // the outcomes of final states are in the outbox
                .invoke(recorded -> batch.forEach(w -> w.emitter().complete(
                        recorded.contains(w.settled().dispatch().deliveryId()) ? w.settled().transition() : null)))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (batch.size() == 1) {
                        // not recorded: the delivery is tried again once its lease ends
                        batch.getFirst().emitter().fail(failure);
                        return Uni.createFrom().voidItem();
                    }
                    Uni<Void> oneByOne = Uni.createFrom().voidItem();
                    for (Waiting waiting : batch) {
                        oneByOne = oneByOne.chain(() -> write(List.of(waiting)));
                    }
                    return oneByOne;
                });
    }

    /** @return the attempts recorded (the others' leases were taken over) */
    private Uni<List<Settled>> settle(SqlClient client, List<Settled> attempts) {
        return log.settle(client, attempts, s -> s.transition().status().isFinal() ? outcome(s) : null);
    }

    private static Set<UUID> ids(List<Settled> recorded) {
        Set<UUID> ids = new HashSet<>();
        recorded.forEach(s -> ids.add(s.dispatch().deliveryId()));
        return ids;
    }

    /**
     * Anything but 2xx counts towards disabling the target (410 too: that URL refuses our calls); a 2xx healed it in
     * the settle statement. Of a target's attempts in the batch, the failures after its last success count, from the
     * first of them.
     */
    private Uni<Void> trackFailures(SqlConnection connection, List<Settled> recorded) {
        Map<Target, List<Settled>> byTarget = new TreeMap<>();   // one order: no two transactions wait for each other
        recorded.stream().sorted(Comparator.comparing(s -> s.attempt().startedAt()))
                .forEach(s -> byTarget.computeIfAbsent(new Target(s.dispatch().cloud(), s.dispatch().target()),
                        t -> new ArrayList<>()).add(s));
        Map<Target, Instant> failing = new TreeMap<>();
        byTarget.forEach((target, attempts) -> {
            int lastSuccess = -1;
            for (int i = 0; i < attempts.size(); i++) {
                if (attempts.get(i).succeeded()) {
                    lastSuccess = i;
                }
            }
            if (lastSuccess < attempts.size() - 1) {
                failing.put(target, attempts.get(lastSuccess + 1).attempt().startedAt());
            }
        });
        Uni<Void> done = Uni.createFrom().voidItem();
        for (var failed : failing.entrySet()) {
            done = done.chain(() -> targets.failed(connection, failed.getKey(), failed.getValue(), disableAfter)
                    .invoke(disabled -> {
                        if (disabled) {
                            LOG.warnf("webhook target %s of cloud %s disabled: every attempt failed for %s; its "
                                    + "deliveries wait until it is enabled again through the Admin API",
                                    failed.getKey().target(), failed.getKey().cloud(), disableAfter);
                            metrics.targetDisabled();
                        }
                    }).replaceWithVoid());
        }
        return done;
    }

    private OutboxEntry outcome(Settled settled) {
        PendingDispatch dispatch = settled.dispatch();
        var outcome = new NotificationOutcome(dispatch.eventId(), dispatch.target(),
                settled.transition().status().outcome(), settled.attempt().attemptNo(), settled.attempt().result().status());
        return outbox.entry(Topics.NOTIFICATION_OUTCOME,
                EventCodec.wrap(outcome, dispatch.assetId(), dispatch.assetVersion(), dispatch.cloud(), Instant.now()));
    }
}
