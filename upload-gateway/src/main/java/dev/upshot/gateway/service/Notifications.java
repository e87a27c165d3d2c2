package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sends a notification of one type about an asset: to the call's own URL and every trigger of that type, through
 * the outbox, so it commits with the change it reports. Adds the fields every Cloudinary notification carries.
 */
@ApplicationScoped
public class Notifications {
    private final Outbox outbox;
    private final Triggers triggers;

    public Notifications(Outbox outbox, Triggers triggers) {
        this.outbox = outbox;
        this.triggers = triggers;
    }

    /**
     * @param body    the type's own fields; {@code notification_type}, {@code timestamp}, {@code request_id} and
     *                {@code notification_context} are added here
     * @param callUrl the notification_url of the call that caused the change, if any
     * @param at      when the change happened
     */
    public Uni<Void> send(GatewayConfig.Account account, Asset asset, String type, ObjectNode body,
                          Optional<String> callUrl, String requestId, Instant at) {
        return send(account, asset, type, body, callUrl, requestId, at, outbox::append);
    }

    /** As above, with the notification's event handed to {@code events}. */
    public Uni<Void> send(GatewayConfig.Account account, Asset asset, String type, ObjectNode body,
                          Optional<String> callUrl, String requestId, Instant at, EventSink events) {
        return sendLazily(account, asset, type, () -> body, callUrl, requestId, at, events);
    }

    /**
     * As above, with the body built only when the notification has a target: most uploads have none, and their
     * body (the asset's whole answer as a JSON tree) cost as much as the answer itself.
     */
    public Uni<Void> sendLazily(GatewayConfig.Account account, Asset asset, String type, Supplier<ObjectNode> body,
                                Optional<String> callUrl, String requestId, Instant at, EventSink events) {
        return triggers.notification(asset.cloud, type, callUrl, () -> {
            String now = DateTimeFormatter.ISO_INSTANT.format(at);
            ObjectNode built = body.get();
            built.put("notification_type", type);
            built.put("timestamp", now);
            built.put("request_id", requestId);
            ObjectNode context = built.putObject("notification_context");
            context.put("triggered_at", now);
            context.putObject("triggered_by").put("source", "api").put("id", account.apiKey());
            return built;
        }).chain(request -> request.isEmpty() ? Uni.createFrom().voidItem()
                : events.append(Topics.NOTIFICATION_REQUESTED, EventCodec.wrap(request.get(),
                        asset.assetId, asset.version, asset.cloud, at)));
    }

    /** What a notification about an asset's change (moderation, add-on results) says to identify it. */
    public static ObjectNode identity(ObjectNode body, URI base, Asset asset) {
        body.put("asset_id", asset.assetId);
        body.put("public_id", asset.publicId);
        body.put("resource_type", asset.resourceType);
        body.put("type", asset.deliveryType);
        body.put("uploaded_at", AssetView.seconds(asset.updatedAt));
        body.put("version", asset.version);
        String url = AssetView.url(base, asset);
        body.put("url", url);
        body.put("secure_url", url);
        body.put("etag", asset.etag);
        return body;
    }
}
