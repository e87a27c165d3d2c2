package dev.upshot.dispatcher.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.dispatcher.persistence.Delivery;
import dev.upshot.dispatcher.persistence.DeliveryRepository;
import dev.upshot.dispatcher.persistence.DeliveryRepository.LogFilter;
import dev.upshot.dispatcher.persistence.DeliveryRepository.LogPosition;
import dev.upshot.dispatcher.persistence.DeliveryRepository.Replay;
import dev.upshot.dispatcher.persistence.TargetRepository;
import dev.upshot.dispatcher.persistence.WebhookTarget;
import dev.upshot.kit.rest.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    private final DeliveryRepository deliveries;
    private final TargetRepository targets;
    private final DeliveryPump pump;

    public DeliveryAdmin(DeliveryRepository deliveries, TargetRepository targets, DeliveryPump pump) {
        this.deliveries = deliveries;
        this.targets = targets;
        this.pump = pump;
    }

    /** Newest first; {@code next_cursor} continues after the last one listed. */
    public Uni<ObjectNode> list(String cloud, String assetId, String status, String target, String maxResults,
                                String cursor) {
        int limit = maxResults(maxResults);
        LogFilter filter = new LogFilter(cloud, present(assetId) ? assetId : null,
                present(status) ? status(status) : null, present(target) ? target : null);
        return deliveries.page(filter, present(cursor) ? position(cursor) : null, limit).map(page -> {
            ObjectNode body = EventCodec.mapper().createObjectNode();
            ArrayNode list = body.putArray("deliveries");
            page.forEach(d -> list.add(view(d)));
            if (page.size() == limit) {
                body.put("next_cursor", cursor(page.getLast()));
            }
            return body;
        });
    }

    public Uni<ObjectNode> get(String cloud, String id) {
        return deliveries.find(cloud, uuid(id)).map(delivery -> {
            if (delivery == null) {
                throw notFound(id);
            }
            return view(delivery);
        });
    }

    /** Sends a finished delivery again now; a pending one is already on its way. */
    public Uni<ObjectNode> replay(String cloud, String id) {
        return deliveries.replay(cloud, uuid(id)).map(replay -> switch (replay) {
            case Replay.NotFound() -> throw notFound(id);
            case Replay.Pending() ->
                    throw new ApiException(409, "Delivery " + id + " is pending: it is sent on its schedule");
            case Replay.Replayed(Delivery delivery) -> {
                pump.nudge();
                yield view(delivery);
            }
        });
    }

    /** Replays every DEAD or GONE delivery to {@code target} created in [since, until). */
    public Uni<ObjectNode> recover(String cloud, JsonNode request) {
        String target = required(request, "target");
        Instant since = instant(required(request, "since"), "since");
        Instant until = present(request.path("until").asText(null)) ? instant(request.path("until").asText(), "until")
                : Instant.now();
        return deliveries.recover(cloud, target, since, until)
                .invoke(pump::nudge)
                .map(recovered -> EventCodec.mapper().createObjectNode()
                        .put("message", "ok").put("recovered", recovered));
    }

    public Uni<ObjectNode> targets(String cloud) {
        return targets.unhealthy(cloud).map(list -> {
            ObjectNode body = EventCodec.mapper().createObjectNode();
            ArrayNode array = body.putArray("targets");
            list.forEach(t -> array.add(view(t)));
            return body;
        });
    }

    /** Lets a disabled target receive again: its waiting deliveries go out at once. */
    public Uni<ObjectNode> enable(String cloud, JsonNode request) {
        String target = required(request, "target");
        return targets.enable(cloud, target)
                .invoke(enabled -> {
                    if (!enabled) {
                        throw new ApiException(404, "Target " + target + " is not disabled");
                    }
                    pump.nudge();
                })
                .map(enabled -> EventCodec.mapper().createObjectNode().put("message", "ok").put("target", target));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "Delivery " + id + " not found");
    }

    private static ObjectNode view(Delivery d) {
        ObjectNode node = EventCodec.mapper().createObjectNode();
        node.put("id", d.id().toString());
        node.put("event_id", d.notificationEventId().toString());
        node.put("asset_id", d.assetId());
        node.put("asset_version", d.assetVersion());
        node.put("notification_type", d.notificationType());
        node.put("target", d.target());
        node.put("status", d.state().name().toLowerCase(Locale.ROOT));
        node.put("attempt_count", d.attemptCount());
        if (d.lastStatus() != null) {
            node.put("last_http_status", d.lastStatus());
        }
        node.put("next_attempt_at", d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString());
        node.put("created_at", d.createdAt().toString());
        node.put("updated_at", d.updatedAt().toString());
        node.put("body", new String(d.body(), StandardCharsets.UTF_8));
        ArrayNode list = node.putArray("attempts");
        d.attempts().forEach(a -> {
            ObjectNode attempt = list.addObject();
            attempt.put("attempt", a.attemptNo());
            attempt.put("started_at", a.startedAt().toString());
            attempt.put("duration_ms", a.durationMs());
            attempt.put("http_status", a.httpStatus());
            attempt.put("error", a.error());
            attempt.put("response_body", a.responseBody());
        });
        return node;
    }

    private static ObjectNode view(WebhookTarget t) {
        ObjectNode node = EventCodec.mapper().createObjectNode();
        node.put("target", t.target());
        node.put("state", t.state().toLowerCase(Locale.ROOT));
        node.put("failing_since", t.failingSince() == null ? null : t.failingSince().toString());
        node.put("disabled_at", t.disabledAt() == null ? null : t.disabledAt().toString());
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

    /** {@code next_cursor}: where a page ended, its last delivery's creation time and id. */
    private static String cursor(Delivery last) {
        return last.createdAt() + "_" + last.id();
    }

    private static LogPosition position(String cursor) {
        int sep = cursor.indexOf('_');
        try {
            return new LogPosition(Instant.parse(cursor.substring(0, sep)), UUID.fromString(cursor.substring(sep + 1)));
        } catch (RuntimeException e) {
            throw new ApiException(400, "Invalid next_cursor " + cursor);
        }
    }
}
