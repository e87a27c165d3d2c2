package dev.upshot.dispatcher.client;

import dev.upshot.dispatcher.config.AccountsConfig;
import dev.upshot.dispatcher.config.WebhookConfig;
import dev.upshot.dispatcher.service.AttemptResult;
import dev.upshot.dispatcher.service.CompletedAttempt;
import dev.upshot.dispatcher.service.NotificationSigner;
import dev.upshot.dispatcher.service.PendingDispatch;
import dev.upshot.dispatcher.service.StandardWebhooksSigner;
import dev.upshot.kit.net.TargetGuard;
import dev.upshot.kit.net.TargetGuard.TargetRefused;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Sends one attempt of a notification: POST of the stored bytes, signed Cloudinary-style with the attempt's timestamp
 * (and the Standard Webhooks way when the delivery asks for it), with the event id and asset version for receivers that
 * deduplicate and order, to the address the guard approved (the Host header and TLS name still come from the URL).
 * Redirects are not followed: a redirect could lead anywhere, past the guard.
 */
@ApplicationScoped
public class WebhookClient {
    static final String USER_AGENT = "Upshot-Webhooks/1";
    static final int RESPONSE_BODY_LIMIT = 2048;

    private final WebClient client;
    private final TargetGuard guard;
    private final AccountsConfig accounts;
    private final Duration timeout;
    /** By cloud name; built at start so a malformed secret stops the service instead of failing every attempt. */
    private final Map<String, StandardWebhooksSigner> standardSigners;

    public WebhookClient(Vertx vertx, AccountsConfig accounts, WebhookConfig config) {
        this.accounts = accounts;
        this.standardSigners = accounts.accounts().values().stream().collect(Collectors.toUnmodifiableMap(
                AccountsConfig.Account::cloudName,
                account -> StandardWebhooksSigner.configured(account.webhookSecrets(), account.apiSecret())));
        this.timeout = config.timeout();
        this.guard = new TargetGuard(config.allowLoopback(), config.allowPrivate());
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent(USER_AGENT)
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                // per host: up to every attempt of this replica may go to one receiver
                .setMaxPoolSize(config.maxInFlight())
                .setVerifyHost(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Never fails: every problem becomes an attempt result. */
    public Uni<CompletedAttempt> send(PendingDispatch dispatch) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        return Uni.createFrom().deferred(() -> attempt(dispatch))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout))
                .onFailure(TargetRefused.class).recoverWithItem(e -> new AttemptResult.Refused(e.getMessage()))
                .onFailure().recoverWithItem(e -> new AttemptResult.Failed(describe(e)))
                .map(result -> new CompletedAttempt(dispatch.attemptNo(), startedAt,
                        Duration.ofNanos(System.nanoTime() - started), result));
    }

    private Uni<AttemptResult> attempt(PendingDispatch dispatch) {
        AccountsConfig.Account account = accounts.forCloud(dispatch.cloud())
                .orElseThrow(() -> new TargetRefused("no account is configured for cloud '" + dispatch.cloud() + "'"));
        URI uri = guard.checkUrl(dispatch.target());
        return resolve(uri.getHost())
                .map(addresses -> guard.choose(uri.getHost(), addresses))
                .chain(address -> post(uri, address, dispatch, account));
    }

    private Uni<AttemptResult> post(URI uri, InetAddress address, PendingDispatch dispatch,
                                    AccountsConfig.Account account) {
        Instant now = Instant.now();
        long timestamp = now.getEpochSecond();
        byte[] body = dispatch.body();
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        var request = client.requestAbs(HttpMethod.POST,
                        SocketAddress.inetSocketAddress(port, address.getHostAddress()), uri.toASCIIString())
                .followRedirects(false)
                .idleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Cld-Timestamp", Long.toString(timestamp))
                .putHeader("X-Cld-Signature",
                        NotificationSigner.sign(body, timestamp, account.apiSecret(), account.signatureAlgorithm()))
                .putHeader("X-Upshot-Event-Id", dispatch.eventId().toString())
                .putHeader("X-Upshot-Asset-Version", Long.toString(dispatch.assetVersion()));
        if (dispatch.standardWebhooks()) {
            String messageId = StandardWebhooksSigner.messageId(dispatch.eventId(), dispatch.target());
            request.putHeader("webhook-id", messageId)
                    .putHeader("webhook-timestamp", Long.toString(timestamp))
                    .putHeader("webhook-signature",
                            standardSigners.get(account.cloudName()).sign(messageId, timestamp, body, now));
        }
        return request.as(BodyCodec.<String>newInstance(new TruncatingBodyCodec(RESPONSE_BODY_LIMIT)))
                .sendBuffer(Buffer.buffer(body))
                .map(response -> new AttemptResult.Responded(response.statusCode(), response.body()));
    }

    /** DNS is blocking in the JDK: it runs on a worker thread. */
    private static Uni<List<InetAddress>> resolve(String host) {
        return Uni.createFrom().item(() -> {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw new UnresolvableHost(host);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + message;
    }

    /** Temporary, as far as we know: DNS may answer later. */
    private static final class UnresolvableHost extends RuntimeException {
        UnresolvableHost(String host) {
            super("cannot resolve " + host, null, false, false);
        }
    }
}
