package dev.upshot.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Outbox relay and consumer settings, shared by every service (prefix {@code messaging}). */
@ConfigMapping(prefix = "messaging")
public interface MessagingConfig {

    Outbox outbox();

    Consumer consumer();

    interface Outbox {
        /** Pause between relay passes; a full batch is followed by the next pass at once. */
        @WithDefault("PT0.1S")
        Duration interval();

        /** Rows published per pass (and per transaction). */
        @WithDefault("200")
        int batchSize();
    }

    interface Consumer {
        /** Tries of an event whose failure is not a database outage, before it goes to the dead-letter topic. */
        @WithDefault("5")
        int attempts();

        /** First back-off between tries; it doubles each time. */
        @WithDefault("PT0.2S")
        Duration backoff();

        /** Longest back-off while the database is unreachable (those failures are retried without end). */
        @WithDefault("PT30S")
        Duration maxBackoff();
    }
}
