package dev.upshot.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Typed configuration of the upload gateway; every key is under {@code upshot.}. */
@ConfigMapping(prefix = "upshot")
public interface GatewayConfig {

    /** Accounts by a label of your choice; the cloud name inside is what URLs use. */
    Map<String, Account> accounts();

    /** Base of the {@code url} and {@code secure_url} in responses; defaults to the gateway's own address. */
    Optional<URI> publicBaseUrl();


    /**
     * The webhook dispatcher's HTTP address: the Admin API {@code /v1_1/{cloud}/webhooks/…} (delivery log, replay,
     * recover) is served there and proxied through this gateway.
     */
    @WithDefault("http://127.0.0.1:8084")
    URI dispatcherUrl();

    Upload upload();

    /**
     * How long notification triggers read from the database are reused. A change through the Admin API drops them on
     * every replica at its commit; this only bounds how stale they can be while that signal is lost.
     */
    @WithDefault("PT10S")
    Duration triggerCacheTtl();

    interface Account {
        String cloudName();

        String apiKey();

        /** Never logged. */
        String apiSecret();

        /** sha1 (Cloudinary's default) or sha256: signs responses and notifications. */
        @WithDefault("sha1")
        String signatureAlgorithm();

        /**
         * Signs reviewers in to the review page (with the API key) instead of the API secret, so people who
         * moderate need not hold the secret. Never logged; unset: only the secret signs in.
         */
        Optional<String> reviewerPassword();
    }


    interface Upload {
        /** Largest accepted file, in bytes (Cloudinary's free-plan image limit is 10 MB; ours is larger). */
        @WithDefault("104857600")
        long maxFileSize();

        /** How old a signed request's timestamp may be. */
        @WithDefault("PT1H")
        Duration signatureValidity();

        /** How far in the future a signed request's timestamp may be (clocks differ); further is refused. */
        @WithDefault("PT10M")
        Duration clockSkew();

        /**
         * How long the {@code delete_token} of a {@code return_delete_token=true} upload deletes its asset
         * ({@code delete_by_token}); Cloudinary's is 10 minutes.
         */
        @WithDefault("PT10M")
        Duration deleteTokenValidity();

        Fetch fetch();

        Chunked chunked();

        /** How long ffprobe may read a video or audio upload; a file it has not read by then is refused. */
        @WithDefault("PT20S")
        Duration probeTimeout();

        /**
         * How long a synchronous upload waits for its analyses and on_success outcome before answering with what is
         * done (the rest follows by notification).
         */
        @WithDefault("PT20S")
        Duration processingWait();

        /**
         * That wait re-reads the asset row at each committed change of it (a PostgreSQL notification); this is the
         * longest it waits without one (a fallback while the notification connection is re-established). Each
         * waiting upload re-reads its row this often: at 1 s, a backlog of a few hundred waits cost more gateway CPU
         * than the uploads themselves (bench/pipeline.sh analysis: 12.6 -> 16.7 answers/s with 5 s).
         */
        @WithDefault("PT5S")
        Duration processingPoll();
    }

    /**
     * Chunked uploads ({@code upload_large}: {@code X-Unique-Upload-Id} and {@code Content-Range} on each request),
     * assembled as an S3 multipart upload. Each chunk is bounded by the HTTP body limit; every chunk but the last
     * must be at least 5 MiB (S3's smallest part, and Cloudinary's rule).
     */
    interface Chunked {
        /** Largest file a chunked upload may assemble, in bytes (the single-request limit does not apply). */
        @WithDefault("10737418240")
        long maxSize();

        /** How long after its first chunk an upload may stay open; then it is refused and its parts dropped. */
        @WithDefault("PT24H")
        Duration openFor();

        /** How often uploads open for longer than that are swept away. */
        @WithDefault("PT10M")
        Duration sweepInterval();
    }

    /** Fetching {@code file=https://…}: bounded in size, time and redirects, and guarded against SSRF. */
    interface Fetch {
        /** The whole fetch, every redirect hop and the body included: a slow-drip server is cut off. */
        @WithDefault("PT30S")
        Duration timeout();

        @WithDefault("5")
        int maxRedirects();

        /** Allow 127.0.0.0/8 and ::1 as fetch targets, on any port (tests only). */
        @WithDefault("false")
        boolean allowLoopback();

        /** Loopback ports fetches may reach although loopback is refused: an explicit allow-list. */
        Optional<Set<Integer>> loopbackPorts();

        /** Allow private, link-local and unique-local addresses as fetch targets. */
        @WithDefault("false")
        boolean allowPrivate();
    }
}
