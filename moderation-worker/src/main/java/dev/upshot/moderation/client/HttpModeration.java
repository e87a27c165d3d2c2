package dev.upshot.moderation.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.kit.net.NoDelaySockets;
import dev.upshot.kit.net.TargetGuard;
import dev.upshot.moderation.config.ModerationConfig;
import dev.upshot.moderation.service.Decision;
import dev.upshot.moderation.service.Subject;
import jakarta.enterprise.context.ApplicationScoped;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * The external provider ({@code upshot_http}): POSTs the asset's URL and attributes as JSON to the configured
 * URL, which answers {@code {"status":"approved"|"rejected", …}}; the whole answer becomes the entry's response.
 * Network failures, 5xx and 429 are retried a bounded number of times; any other answer is final. The address
 * is checked by the SSRF guard before every attempt (DNS can change), and the attempt connects to the very address
 * checked. Blocking: call on a worker thread.
 */
@ApplicationScoped
public class HttpModeration {
    public static final String KIND = "upshot_http";
    private static final Logger LOG = Logger.getLogger(HttpModeration.class);

    private final ModerationConfig config;
    private final TargetGuard guard;
    private final OkHttpClient client;

    public HttpModeration(ModerationConfig config) {
        this.config = config;
        this.guard = new TargetGuard(config.http().allowLoopback(), config.http().allowPrivate());
        this.client = new OkHttpClient.Builder().socketFactory(new NoDelaySockets()).connectTimeout(config.http().connectTimeout())
                .readTimeout(config.http().timeout()).callTimeout(config.http().timeout())
                .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false).build();
    }

    public boolean configured() {
        return config.http().url().isPresent();
    }

    /** @throws ProviderUnavailable when every attempt failed, or the provider refused the request */
    public Decision moderate(Subject subject, String requestedKind) throws InterruptedException {
        URI url = guard.checkUrl(config.http().url().orElseThrow().toString());
        byte[] body;
        try {
            body = EventCodec.mapper().writeValueAsBytes(request(subject, requestedKind));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String last = "no attempt";
        long pause = config.http().backoff().toMillis();
        for (int attempt = 1; attempt <= config.http().attempts(); attempt++) {
            if (attempt > 1) {
                Thread.sleep(pause);
                pause *= 2;
            }
            try {
                InetAddress address = guard.resolve(url);
                byte[] answer;
                int status;
                try (Response response = client.newBuilder().dns(host -> List.of(address)).build()
                        .newCall(new Request.Builder().url(url.toString())
                                .post(RequestBody.create(body, MediaType.get("application/json"))).build())
                        .execute(); InputStream in = response.body().byteStream()) {
                    answer = in.readNBytes(config.http().maxResponseBytes());
                    status = response.code();
                }
                if (status >= 500 || status == 429) {
                    last = "HTTP " + status;
                    continue;
                }
                if (status / 100 != 2) {
                    throw new ProviderUnavailable("the provider refused the request: HTTP " + status);
                }
                return decision(answer);
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.debugf("moderation provider attempt %d failed: %s", attempt, last);
            } catch (TargetGuard.TargetRefused e) {
                throw new ProviderUnavailable("provider address refused: " + e.getMessage());
            }
        }
        throw new ProviderUnavailable("the provider did not answer after " + config.http().attempts()
                + " attempts: " + last);
    }

    private ObjectNode request(Subject subject, String requestedKind) {
        var asset = subject.asset();
        var envelope = subject.envelope();
        String base = config.assetBaseUrl().toString().replaceAll("/+$", "");
        String extension = asset.format().isEmpty() || asset.resourceType().equals("raw") ? "" : "." + asset.format();
        String url = base + "/" + envelope.cloud() + "/" + asset.resourceType() + "/" + asset.deliveryType() + "/v"
                + envelope.assetVersion() + "/" + asset.publicId() + extension;
        ObjectNode request = EventCodec.mapper().createObjectNode();
        request.put("kind", requestedKind);
        request.put("asset_id", envelope.assetId());
        request.put("public_id", asset.publicId());
        request.put("cloud_name", envelope.cloud());
        request.put("version", envelope.assetVersion());
        request.put("resource_type", asset.resourceType());
        request.put("type", asset.deliveryType());
        request.put("format", asset.format());
        request.put("bytes", asset.bytes());
        request.put("width", asset.width());
        request.put("height", asset.height());
        request.put("url", url);
        request.put("sha256", subject.sha256());
        return request;
    }

    private static Decision decision(byte[] answer) {
        JsonNode node;
        try {
            node = EventCodec.mapper().readTree(answer);
        } catch (IOException e) {
            throw new ProviderUnavailable("the provider's answer is not JSON");
        }
        String status = node.path("status").asText("");
        if (!node.isObject() || !(status.equals("approved") || status.equals("rejected"))) {
            throw new ProviderUnavailable("the provider's answer has no status approved or rejected");
        }
        return new Decision(status.equals("approved"), (ObjectNode) node);
    }

    /** The provider could not give a decision; the event is retried, then dead-lettered for replay. */
    public static final class ProviderUnavailable extends RuntimeException {
        public ProviderUnavailable(String message) {
            super(message);
        }
    }
}
