package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.kit.net.TargetGuard;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.NotificationTrigger;
import dev.upshot.gateway.persistence.TransactionLock;
import dev.upshot.messaging.CommitSignals;
import dev.upshot.messaging.SignalledCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.UUID;

/**
 * Cloudinary's global notification URLs: at most {@value #MAX_PER_TYPE} per event type and account, fired for
 * every matching event besides the call's own {@code notification_url}. Target addresses are checked again by
 * the dispatcher at every attempt (DNS can change), so here only the URL's form is validated.
 * <p>
 * Every notification looks its triggers up, so they are kept in memory per account and event type: a change on any
 * replica drops them at its commit ({@code NOTIFY trigger_<schema>}), and they are read again after
 * {@code upshot.trigger-cache-ttl} in case that signal was lost while the LISTEN connection was away.
 */
@ApplicationScoped
public class Triggers {
    static final int MAX_PER_TYPE = 30;
    /** Event types Upshot emits or will emit; Cloudinary knows more, which are refused rather than never fired. */
    public static final Set<String> EVENT_TYPES = Set.of("upload", "explicit", "info", "moderation", "eager", "delete");
    static final String STANDARD = "standard";
    /** Upshot's trigger parameter {@code signature_scheme}: Cloudinary's signature only, or Standard Webhooks too. */
    static final Set<String> SIGNATURE_SCHEMES = Set.of("cloudinary", STANDARD);

    /**
     * The notification of this type with {@code body}, to the call's URL first, then every matching trigger without
     * repeats, with the
     * triggers that asked for Standard Webhooks signatures marked; empty when it goes nowhere.
     */
    public Uni<Optional<NotificationRequested>> notification(String cloud, String eventType, Optional<String> callUrl,
                                                             Supplier<ObjectNode> body) {
        return route(cloud, eventType, callUrl).map(route -> route.targets().isEmpty() ? Optional.empty()
                : Optional.of(new NotificationRequested(eventType, route.targets(), body.get(), route.standard())));
    }

    private record Route(List<String> targets, List<String> standard) {
    }

    /** An account's triggers of one event type. */
    private record Configured(List<String> uris, List<String> standard) {
    }

    private final SignalledCache<Configured> configured;

    public Triggers(CommitSignals signals, GatewayConfig config) {
        this.configured = new SignalledCache<>(signals, "trigger", config.triggerCacheTtl());
    }

    private Uni<Route> route(String cloud, String eventType, Optional<String> callUrl) {
        // a miss reads in the caller's session, or in one of its own (a new asset's upload runs outside Hibernate)
        return configured.get(cloud + "\n" + eventType, () -> Panache.withSession(
                        () -> NotificationTrigger.forEvent(cloud, eventType))
                .map(rows -> new Configured(rows.stream().map(t -> t.uri).toList(), rows.stream()
                        .filter(t -> STANDARD.equals(t.signatureScheme)).map(t -> t.uri).distinct().toList())))
                .map(triggers -> {
                    Set<String> targets = new LinkedHashSet<>();
                    callUrl.ifPresent(targets::add);
                    targets.addAll(triggers.uris());
                    return new Route(List.copyOf(targets), triggers.standard());
                });
    }

    /** The account's triggers, oldest first; of one event type if it is given. */
    public Uni<List<NotificationTrigger>> list(String cloud, String eventType) {
        if (eventType != null && !eventType.isEmpty()) {
            checkEventType(eventType);
        }
        return Panache.withSession(() -> eventType == null || eventType.isEmpty()
                        ? NotificationTrigger.<NotificationTrigger>list("cloud = ?1 order by createdAt", cloud)
                        : NotificationTrigger.forEvent(cloud, eventType));
    }

    public Uni<NotificationTrigger> create(String cloud, JsonNode request) {
        String uri = checkUri(text(request, "uri"));
        String eventType = checkEventType(text(request, "event_type"));
        String uriType = request.path("uri_type").asText("webhook");
        String scheme = request.path("signature_scheme").asText("cloudinary");
        if (!SIGNATURE_SCHEMES.contains(scheme)) {
            throw ApiException.badRequest("Invalid signature_scheme " + scheme + "; one of " + SIGNATURE_SCHEMES);
        }
        if (!uriType.equals("webhook")) {
            throw ApiException.badRequest("uri_type must be webhook");
        }
        // the same URL twice and the limit are checks of rows not there yet: one create per event type at a time
        return Panache.withTransaction(() -> TransactionLock.on("trigger:" + cloud + ":" + eventType)
                .chain(() -> NotificationTrigger.forEvent(cloud, eventType)).chain(existing -> {
            if (existing.stream().anyMatch(t -> t.uri.equals(uri))) {
                throw new ApiException(409, "A trigger for " + eventType + " to " + uri + " already exists");
            }
            if (existing.size() >= MAX_PER_TYPE) {
                throw ApiException.badRequest("At most " + MAX_PER_TYPE + " notification URLs per event type");
            }
            NotificationTrigger trigger = new NotificationTrigger();
            trigger.id = UUID.randomUUID().toString().replace("-", "");
            trigger.cloud = cloud;
            trigger.uri = uri;
            trigger.uriType = uriType;
            trigger.signatureScheme = scheme;
            trigger.eventType = eventType;
            trigger.createdAt = Instant.now();
            trigger.updatedAt = trigger.createdAt;
            return trigger.<NotificationTrigger>persist();
        })).invoke(configured::invalidate);
    }

    public Uni<NotificationTrigger> update(String cloud, String id, JsonNode request) {
        String uri = checkUri(text(request, "new_uri"));
        return Panache.withTransaction(() -> find(cloud, id).invoke(trigger -> {
            trigger.uri = uri;
            trigger.updatedAt = Instant.now();
        })).invoke(configured::invalidate);
    }

    public Uni<Void> delete(String cloud, String id) {
        return Panache.withTransaction(() -> NotificationTrigger.deleteTrigger(cloud, id)).invoke(deleted -> {
            configured.invalidate();
            if (!deleted) {
                throw ApiException.notFound("Trigger " + id + " not found");
            }
        }).replaceWithVoid();
    }

    private static Uni<NotificationTrigger> find(String cloud, String id) {
        return NotificationTrigger.<NotificationTrigger>find("cloud = ?1 and id = ?2", cloud, id).firstResult()
                .map(t -> {
                    if (t == null) {
                        throw ApiException.notFound("Trigger " + id + " not found");
                    }
                    return t;
                });
    }

    private static String text(JsonNode request, String field) {
        String value = request == null ? "" : request.path(field).asText("").strip();
        if (value.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - " + field);
        }
        return value;
    }

    private static String checkUri(String uri) {
        try {
            new TargetGuard(true, true).checkUrl(uri);
            return uri;
        } catch (TargetGuard.TargetRefused e) {
            throw ApiException.badRequest("Invalid uri: " + e.getMessage());
        }
    }

    private static String checkEventType(String eventType) {
        if (!EVENT_TYPES.contains(eventType)) {
            throw ApiException.badRequest("Invalid event_type " + eventType + "; one of " + EVENT_TYPES);
        }
        return eventType;
    }
}
