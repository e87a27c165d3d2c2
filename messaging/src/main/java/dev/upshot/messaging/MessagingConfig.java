package dev.upshot.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Outbox relay and consumer settings, shared by every service (prefix {@code messaging}). */
@ConfigMapping(prefix = "messaging")
public interface MessagingConfig {

    Outbox outbox();

    Consumer consumer();

    Ops ops();

    Sql sql();

    Retention retention();

    interface Outbox {
        /**
         * Safety poll: a pass runs at least this often even if no commit notification arrived (a lost LISTEN
         * connection, rows written by hand). Commits wake the relay at once; an idle relay does nothing else.
         */
        @WithDefault("PT30S")
        Duration safetyInterval();

        /**
         * What wakes the relay at once. {@code notify}: every commit that wrote events, in any replica, through the
         * outbox's {@code NOTIFY} (the gateway, whose events many paths write). {@code local}: this process's own
         * commits, reported by the messaging module's consumers and the service's writers ({@link
         * OutboxRelay#committed()}); replicas take turns on the relay lock by waiting for it. PostgreSQL signals every
         * listening connection of the database on each notifying commit, whatever its channel, so a service that
         * listens makes every upload of every service wake one more backend.
         */
        @WithDefault("notify")
        WokenBy wokenBy();

        /** Rows published per pass (and per transaction). */
        @WithDefault("200")
        int batchSize();

        /** Largest encoded event; a bigger one is refused at write time (well under the producer's 1 MiB). */
        @WithDefault("262144")
        int maxEventBytes();

        /** First pause after the broker failed a pass; it doubles up to {@link #maxBackoff()}. */
        @WithDefault("PT0.2S")
        Duration backoff();

        /** Longest pause between passes while the broker keeps failing. */
        @WithDefault("PT30S")
        Duration maxBackoff();

        /** Liveness reports DOWN when rows wait and no pass has finished (well or not) for this long. */
        @WithDefault("PT2M")
        Duration stuckAfter();

        /** See {@link #wokenBy()}. */
        enum WokenBy { NOTIFY, LOCAL }
    }

    interface Consumer {
        /** Tries of an event whose failure is not a dependency outage, before it is recorded as failed or dead-lettered. */
        @WithDefault("5")
        int attempts();

        /** First back-off between tries; it doubles each time. */
        @WithDefault("PT0.2S")
        Duration backoff();

        /** Longest back-off while a dependency is unreachable (those failures are retried without end). */
        @WithDefault("PT30S")
        Duration maxBackoff();
    }

    interface Sql {
        /**
         * Longest statement (characters) the PostgreSQL pool keeps prepared. The client's own limit is 2,048, which
         * left the longest hot statements (the dispatcher's claim, batched intakes) parsed and planned on every call.
         */
        @WithDefault("16384")
        int cachedStatementMaxLength();
    }

    interface Retention {
        /**
         * How long a processed event is remembered: longer than Kafka keeps the topics (7 days), so an event the broker
         * can still hand back (a redelivery, an offset reset) is recognised and not handled twice.
         */
        @WithDefault("P8D")
        Duration processedEvents();

        /** How often rows past their retention are deleted. */
        @WithDefault("PT10M")
        Duration pruneInterval();

        /** Rows deleted per statement: short transactions that never hold many locks at once. */
        @WithDefault("5000")
        int batchSize();
    }

    interface Ops {
        /**
         * Bearer token for the operator endpoints under {@code /q/upshot/} (parked outbox rows, dead-letter topics).
         * Unset: those endpoints answer 404.
         */
        Optional<String> token();

        /**
         * Enables {@code POST /ops/heap-exhaustion}, which allocates until the JVM runs out of heap: for fault tests
         * of the exit-on-OOM and restart path only. Never in production.
         */
        @WithDefault("false")
        boolean allowHeapExhaustion();

        /** Longest time an event loop may take to run a probe task before liveness reports DOWN. */
        @WithDefault("PT5S")
        Duration eventLoopBlockedAfter();
    }
}
