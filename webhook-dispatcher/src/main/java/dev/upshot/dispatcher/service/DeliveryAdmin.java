package dev.upshot.dispatcher.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.dispatcher.persistence.Delivery;
import dev.upshot.dispatcher.persistence.DeliveryAttempt;
import dev.upshot.dispatcher.persistence.TargetRepository;
import dev.upshot.dispatcher.persistence.WebhookTarget;
import dev.upshot.kit.rest.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The delivery log and its repairs: list deliveries with their attempts, replay one, recover every failed delivery
 * of a target in a time window, and enable a disabled target. Replays restart the retry schedule and keep the
 * delivery's identity (same event id, same {@code webhook-id}), so receivers deduplicate them like retries.
 */
@ApplicationScoped
public class DeliveryAdmin {
    static final int DEFAULT_RESULTS = 50;
    static final int MAX_RESULTS = 500;

    private final TargetRepository targets;
    private final DeliveryPump pump;

    public DeliveryAdmin(TargetRepository targets, DeliveryPump pump) {
        this.targets = targets;
        this.pump = pump;
    }

    /** Newest first; {@code next_cursor} continues after the last one listed. */
    public Uni<ObjectNode> list(String cloud, String assetId, String status, String target, String maxResults,
                                String cursor) {
        int limit = maxResults(maxResults);
        StringBuilder query = new StringBuilder("cloud = :cloud");
        Parameters params = Parameters.with("cloud", cloud);
        if (present(assetId)) {
            query.append(" and assetId = :assetId");
            params.and("assetId", assetId);
        }
        if (present(status)) {
            query.append(" and state = :state");
            params.and("state", status(status));
        }
        if (present(target)) {
            query.append(" and target = :target");
            params.and("target", target);
        }
        if (present(cursor)) {
            Cursor after = Cursor.parse(cursor);
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.and("at", after.createdAt()).and("id", after.id());
        }
        query.append(" order by createdAt desc, id desc");
        return Panache.withSession(() -> Delivery.<Delivery>find(query.toString(), params).range(0, limit)
                        .list()
                        .chain(page -> attemptsOf(page).map(attempts -> {
                            ObjectNode body = EventCodec.mapper().createObjectNode();
                            ArrayNode list = body.putArray("deliveries");
                            page.forEach(d -> list.add(view(d, attempts)));
                            if (page.size() == limit) {
                                Delivery last = page.getLast();
                                body.put("next_cursor", new Cursor(last.createdAt, last.id).toString());
                            }
                            return body;
                        })));
    }

    public Uni<ObjectNode> get(String cloud, String id) {
        return Panache.withSession(() -> find(cloud, id)
                .chain(delivery -> attemptsOf(List.of(delivery)).map(attempts -> view(delivery, attempts))));
    }

    /** Sends a finished delivery again now; a pending one is already on its way. */
    public Uni<ObjectNode> replay(String cloud, String id) {
        return Panache.withTransaction(() -> find(cloud, id).invoke(delivery -> {
                    if (delivery.state == DeliveryStatus.PENDING) {
                        throw new ApiException(409, "Delivery " + id + " is pending: it is sent on its schedule");
                    }
                    delivery.replay(Instant.now());
                }))
                .invoke(pump::nudge)
                .chain(delivery -> get(cloud, delivery.id.toString()));
    }

    /** Replays every DEAD or GONE delivery to {@code target} created in [since, until). */
    public Uni<ObjectNode> recover(String cloud, JsonNode request) {
        String target = required(request, "target");
        Instant since = instant(required(request, "since"), "since");
        Instant until = present(request.path("until").asText(null)) ? instant(request.path("until").asText(), "until")
                : Instant.now();
        return Panache.withTransaction(() -> Delivery.<Delivery>list(
                        "cloud = ?1 and target = ?2 and state in ?3 and createdAt >= ?4 and createdAt < ?5",
                        cloud, target, List.of(DeliveryStatus.DEAD, DeliveryStatus.GONE), since, until)
                .invoke(failed -> {
                    Instant now = Instant.now();
                    failed.forEach(delivery -> delivery.replay(now));
                }))
                .invoke(pump::nudge)
                .map(recovered -> EventCodec.mapper().createObjectNode()
                        .put("message", "ok").put("recovered", recovered.size()));
    }

    public Uni<ObjectNode> targets(String cloud) {
        return Panache.withSession(() -> targets.unhealthy(cloud)).map(list -> {
            ObjectNode body = EventCodec.mapper().createObjectNode();
            ArrayNode array = body.putArray("targets");
            list.forEach(t -> array.add(view(t)));
            return body;
        });
    }

    /** Lets a disabled target receive again: its waiting deliveries go out at once. */
    public Uni<ObjectNode> enable(String cloud, JsonNode request) {
        String target = required(request, "target");
        return Panache.withTransaction(() -> targets.enable(cloud, target))
                .invoke(enabled -> {
                    if (!enabled) {
                        throw new ApiException(404, "Target " + target + " is not disabled");
                    }
                    pump.nudge();
                })
                .map(enabled -> EventCodec.mapper().createObjectNode().put("message", "ok").put("target", target));
    }

    private static Uni<Delivery> find(String cloud, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "Delivery " + id + " not found");
        }
        return Delivery.<Delivery>find("cloud = ?1 and id = ?2", cloud, uuid).firstResult().map(delivery -> {
            if (delivery == null) {
                throw new ApiException(404, "Delivery " + id + " not found");
            }
            return delivery;
        });
    }

    private static Uni<List<DeliveryAttempt>> attemptsOf(List<Delivery> deliveries) {
        return deliveries.isEmpty() ? Uni.createFrom().item(List.of())
                : DeliveryAttempt.list("deliveryId in ?1 order by attemptNo",
                deliveries.stream().map(d -> d.id).toList());
    }

    private static ObjectNode view(Delivery d, List<DeliveryAttempt> attempts) {
        ObjectNode node = EventCodec.mapper().createObjectNode();
        node.put("id", d.id.toString());
        node.put("event_id", d.notificationEventId.toString());
        node.put("asset_id", d.assetId);
        node.put("asset_version", d.assetVersion);
        node.put("notification_type", d.notificationType);
        node.put("target", d.target);
        node.put("status", d.state.name().toLowerCase(Locale.ROOT));
        node.put("attempt_count", d.attemptCount);
        if (d.lastStatus != null) {
            node.put("last_http_status", d.lastStatus);
        }
        node.put("next_attempt_at", d.nextAttemptAt == null ? null : d.nextAttemptAt.toString());
        node.put("created_at", d.createdAt.toString());
        node.put("updated_at", d.updatedAt.toString());
        node.put("body", new String(d.body, StandardCharsets.UTF_8));
        ArrayNode list = node.putArray("attempts");
        attempts.stream().filter(a -> a.deliveryId.equals(d.id)).forEach(a -> {
            ObjectNode attempt = list.addObject();
            attempt.put("attempt", a.attemptNo);
            attempt.put("started_at", a.startedAt.toString());
            attempt.put("duration_ms", a.durationMs);
            attempt.put("http_status", a.httpStatus);
            attempt.put("error", a.error);
            attempt.put("response_body", a.responseBody);
        });
        return node;
    }

    private static ObjectNode view(WebhookTarget t) {
        ObjectNode node = EventCodec.mapper().createObjectNode();
        node.put("target", t.target);
        node.put("state", t.state.toLowerCase(Locale.ROOT));
        node.put("failing_since", t.failingSince == null ? null : t.failingSince.toString());
        node.put("disabled_at", t.disabledAt == null ? null : t.disabledAt.toString());
        return node;
    }

    private static int maxResults(String value) {
        if (!present(value)) {
            return DEFAULT_RESULTS;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_RESULTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, with the allowed range
        }
        throw new ApiException(400, "max_results must be an integer from 1 to " + MAX_RESULTS);
    }

    private static DeliveryStatus status(String value) {
        try {
            return DeliveryStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Invalid status " + value + "; one of pending, delivered, dead, gone");
        }
    }

    private static String required(JsonNode request, String field) {
        String value = request == null ? null : request.path(field).asText(null);
        if (!present(value)) {
            throw new ApiException(400, "Missing required parameter - " + field);
        }
        return value.strip();
    }

    private static Instant instant(String value, String field) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "Invalid " + field + ": expected an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z");
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** Where a page ended: the last delivery's creation time and id. */
    record Cursor(Instant createdAt, UUID id) {
        static Cursor parse(String text) {
            int sep = text.indexOf('_');
            try {
                return new Cursor(Instant.parse(text.substring(0, sep)), UUID.fromString(text.substring(sep + 1)));
            } catch (RuntimeException e) {
                throw new ApiException(400, "Invalid next_cursor " + text);
            }
        }

        @Override
        public String toString() {
            return createdAt + "_" + id;
        }
    }
}
