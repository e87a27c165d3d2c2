package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.contracts.Topics;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.config.ModerationConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.ModerationEntry;
import dev.upshot.gateway.persistence.ModerationStatus;
import dev.upshot.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The asset's moderation chain, moved as {@link ModerationPolicy} decides. Automated decisions arrive from the
 * worker (which runs the automated part of the chain in order and reports each decision); manual ones through the
 * Admin API. Every change to approved or rejected sends a {@code moderation} notification in the transaction that
 * makes it.
 */
@ApplicationScoped
public class ModerationChain {
    private static final String DUPLICATE = "duplicate:";

    private final ModerationConfig config;
    private final Notifications notifications;
    private final Outbox outbox;
    private final Accounts accounts;
    private final URI defaultBase;
    private final Clock clock = Clock.systemUTC();

    public ModerationChain(ModerationConfig config, Notifications notifications, Outbox outbox, Accounts accounts,
                           GatewayConfig gateway, @ConfigProperty(name = "quarkus.http.host") String host,
                           @ConfigProperty(name = "quarkus.http.port") int port) {
        this.config = config;
        this.notifications = notifications;
        this.outbox = outbox;
        this.accounts = accounts;
        // decisions consumed from Kafka have no request to take the base from
        this.defaultBase = gateway.publicBaseUrl().orElse(URI.create("http://" + host + ":" + port));
    }

    /** @throws ApiException 400 for an unknown kind, a bad threshold, {@code manual} not last, or too long a chain */
    public List<String> validate(List<String> chain) {
        if (chain.size() > config.maxChainLength()) {
            throw ApiException.badRequest("Invalid moderation: at most " + config.maxChainLength() + " kinds");
        }
        for (int i = 0; i < chain.size(); i++) {
            String kind = chain.get(i);
            if (kind.equals(ModerationPolicy.MANUAL)) {
                if (i != chain.size() - 1) {
                    throw ApiException.badRequest("Invalid moderation: manual must be the last kind");
                }
            } else if (kind.startsWith(DUPLICATE)) {
                threshold(kind);
            } else if (!config.automatedKinds().contains(kind)) {
                throw ApiException.badRequest("Invalid moderation kind: '" + kind + "'");
            }
        }
        if (chain.stream().distinct().count() != chain.size()) {
            throw ApiException.badRequest("Invalid moderation: a kind is repeated");
        }
        return chain;
    }

    private static void threshold(String kind) {
        try {
            double t = Double.parseDouble(kind.substring(DUPLICATE.length()));
            if (t >= 0 && t <= 1) {
                return;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw ApiException.badRequest("Invalid moderation kind: '" + kind + "' (threshold must be between 0 and 1)");
    }

    /** A new version starts its chain afresh (an overwrite replaces the old chain). */
    public static void start(Asset asset, List<String> chain, Instant now) {
        enter(asset, ModerationPolicy.start(chain, now));
    }

    /**
     * Applies a decision reported on the topic (the caller deduplicates by event id). Ignored when the asset has
     * another version by now, or the entry is no longer pending: a manual decision came first, or it is the
     * gateway's own manual decision coming back.
     */
    public Uni<Void> completed(Envelope envelope, ModerationCompleted decision) {
        return Asset.<Asset>findById(envelope.assetId()).chain(asset -> {
            if (!(ModerationPolicy.automated(asset, envelope.assetVersion(), decision)
                    instanceof ModerationTransition.Decided decided)) {
                return Uni.createFrom().voidItem();
            }
            enter(asset, decided.chain());
            return notifyDecision(asset, decided.entry(), Optional.empty(), defaultBase);
        });
    }

    /**
     * A manual decision (Admin API {@code update} with {@code moderation_status}). It settles the pending entry, or
     * overrides the last decided one; an asset without a chain gets a {@code manual} entry. Deciding what is
     * already decided changes nothing and sends nothing.
     */
    public Uni<Void> decideManually(Asset asset, String status, Optional<String> notificationUrl, URI base) {
        ModerationStatus decision = ModerationStatus.decision(status).orElseThrow(() -> ApiException.badRequest(
                "Invalid moderation_status: '" + status + "' (approved or rejected)"));
        Instant now = clock.instant();
        ObjectNode response = EventCodec.mapper().createObjectNode().put("decided_by", "manual");
        if (!(ModerationPolicy.manual(asset.moderation, decision, response, now)
                instanceof ModerationTransition.Decided decided)) {
            return Uni.createFrom().voidItem();
        }
        enter(asset, decided.chain());
        ModerationEntry entry = decided.entry();
        return outbox.append(Topics.MODERATION_COMPLETED, EventCodec.wrap(
                        new ModerationCompleted(entry.kind(), decided.position(), status, response, now),
                        asset.assetId, asset.version, asset.cloud, now))
                .chain(() -> notifyDecision(asset, entry, notificationUrl, base));
    }

    /** The chain, and its current entry's kind and status in their own columns (the queue lists by them). */
    private static void enter(Asset asset, List<ModerationEntry> chain) {
        asset.moderation = new ArrayList<>(chain);
        if (chain.isEmpty()) {
            asset.moderationKind = null;
            asset.moderationStatus = null;
            return;
        }
        ModerationEntry current = chain.get(ModerationPolicy.current(chain));
        asset.moderationKind = current.kind();
        asset.moderationStatus = current.status();
    }

    /** Cloudinary's {@code moderation} notification for the entry just decided. */
    private Uni<Void> notifyDecision(Asset asset, ModerationEntry entry, Optional<String> callUrl, URI base) {
        GatewayConfig.Account account = accounts.byCloud(asset.cloud);
        ObjectNode body = EventCodec.mapper().createObjectNode();
        body.put("moderation_status", entry.status().wire());
        body.put("moderation_kind", entry.kind());
        body.put("moderation_updated_at", AssetView.seconds(entry.updatedAt()));
        if (entry.response() != null && !entry.response().isEmpty()) {
            body.set("moderation_response", entry.response());
        }
        Notifications.identity(body, base, asset);
        return notifications.send(account, asset, "moderation", body,
                callUrl.or(() -> Optional.ofNullable(asset.notificationUrl)), hexId(), entry.updatedAt());
    }

    private static String hexId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
