package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.contracts.Topics;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.config.ModerationConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.ModerationEntry;
import dev.upshot.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The asset's moderation chain: first entry pending, the rest queued; an approval makes the next entry pending,
 * a rejection aborts the rest. Automated decisions arrive from the worker (which runs the automated part of the
 * chain in order and reports each decision); manual ones through the Admin API. Every change to approved or
 * rejected sends a {@code moderation} notification in the transaction that makes it.
 */
@ApplicationScoped
public class ModerationChain {
    public static final String MANUAL = "manual";
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
            if (kind.equals(MANUAL)) {
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
        List<ModerationEntry> entries = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            entries.add(new ModerationEntry(chain.get(i), i == 0 ? ModerationEntry.PENDING : ModerationEntry.QUEUED,
                    null, now));
        }
        asset.moderation = entries;
        current(asset);
    }

    /**
     * Applies a decision reported on the topic (the caller deduplicates by event id). Ignored when the asset has
     * another version by now, or the entry is no longer pending: a manual decision came first, or it is the
     * gateway's own manual decision coming back.
     */
    public Uni<Void> completed(Envelope envelope, ModerationCompleted decision) {
        return Asset.<Asset>findById(envelope.assetId()).chain(asset -> {
            if (asset == null || asset.version != envelope.assetVersion()
                    || decision.position() >= asset.moderation.size()) {
                return Uni.createFrom().voidItem();
            }
            ModerationEntry entry = asset.moderation.get(decision.position());
            if (!entry.kind().equals(decision.kind()) || !ModerationEntry.PENDING.equals(entry.status())) {
                return Uni.createFrom().voidItem();
            }
            decide(asset, decision.position(), decision.status(), decision.response(), decision.updatedAt());
            return notifyDecision(asset, decision.position(), Optional.empty(), defaultBase);
        });
    }

    /**
     * A manual decision (Admin API {@code update} with {@code moderation_status}). It settles the pending entry, or
     * overrides the last decided one; an asset without a chain gets a {@code manual} entry. Deciding what is
     * already decided changes nothing and sends nothing.
     */
    public Uni<Void> decideManually(Asset asset, String status, Optional<String> notificationUrl, URI base) {
        if (!status.equals(ModerationEntry.APPROVED) && !status.equals(ModerationEntry.REJECTED)) {
            throw ApiException.badRequest("Invalid moderation_status: '" + status + "' (approved or rejected)");
        }
        if (asset.moderation.isEmpty()) {
            start(asset, List.of(MANUAL), clock.instant());
        }
        int position = target(asset.moderation);
        ModerationEntry entry = asset.moderation.get(position);
        if (entry.status().equals(status)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        ObjectNode response = EventCodec.mapper().createObjectNode().put("decided_by", "manual");
        decide(asset, position, status, response, now);
        return outbox.append(Topics.MODERATION_COMPLETED, EventCodec.wrap(
                        new ModerationCompleted(entry.kind(), position, status, response, now),
                        asset.assetId, asset.version, asset.cloud, now))
                .chain(() -> notifyDecision(asset, position, notificationUrl, base));
    }

    /** The pending entry, else the last one decided. */
    private static int target(List<ModerationEntry> entries) {
        int last = 0;
        for (int i = 0; i < entries.size(); i++) {
            String status = entries.get(i).status();
            if (status.equals(ModerationEntry.PENDING)) {
                return i;
            }
            if (status.equals(ModerationEntry.APPROVED) || status.equals(ModerationEntry.REJECTED)) {
                last = i;
            }
        }
        return last;
    }

    private static void decide(Asset asset, int position, String status, ObjectNode response, Instant at) {
        List<ModerationEntry> entries = new ArrayList<>(asset.moderation);
        entries.set(position, entries.get(position).with(status, response, at));
        for (int i = position + 1; i < entries.size(); i++) {
            ModerationEntry next = entries.get(i);
            boolean waiting = next.status().equals(ModerationEntry.QUEUED) || next.status().equals(ModerationEntry.PENDING);
            if (status.equals(ModerationEntry.REJECTED) && waiting) {
                entries.set(i, next.with(ModerationEntry.ABORTED, null, at));
            } else if (i == position + 1 && next.status().equals(ModerationEntry.QUEUED)) {
                entries.set(i, next.with(ModerationEntry.PENDING, null, at));
            }
        }
        asset.moderation = entries;
        current(asset);
    }

    private static void current(Asset asset) {
        if (asset.moderation.isEmpty()) {
            asset.moderationKind = null;
            asset.moderationStatus = null;
            return;
        }
        ModerationEntry entry = asset.moderation.get(target(asset.moderation));
        asset.moderationKind = entry.kind();
        asset.moderationStatus = entry.status();
    }

    /** Cloudinary's {@code moderation} notification for the entry just decided. */
    private Uni<Void> notifyDecision(Asset asset, int position, Optional<String> callUrl, URI base) {
        GatewayConfig.Account account = accounts.byCloud(asset.cloud);
        ModerationEntry entry = asset.moderation.get(position);
        ObjectNode body = EventCodec.mapper().createObjectNode();
        body.put("moderation_status", entry.status());
        body.put("moderation_kind", entry.kind());
        body.put("moderation_updated_at", timestamp(entry.updatedAt()));
        if (entry.response() != null && !entry.response().isEmpty()) {
            body.set("moderation_response", entry.response());
        }
        AssetViews.identity(body, base, asset);
        return notifications.send(account, asset, "moderation", body,
                callUrl.or(() -> Optional.ofNullable(asset.notificationUrl)), hexId(), entry.updatedAt());
    }

    /** The {@code moderation} list of responses and the current entry's kind and status. */
    public static void view(ObjectNode node, Asset asset) {
        if (asset.moderation.isEmpty()) {
            return;
        }
        ArrayNode list = node.putArray("moderation");
        asset.moderation.forEach(e -> {
            ObjectNode item = list.addObject().put("kind", e.kind()).put("status", e.status());
            if (e.response() != null) {
                item.set("response", e.response());
            }
            item.put("updated_at", timestamp(e.updatedAt()));
        });
        node.put("moderation_kind", asset.moderationKind);
        node.put("moderation_status", asset.moderationStatus);
    }

    private static String timestamp(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String hexId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
