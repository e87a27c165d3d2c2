package dev.upshot.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event on every topic looks like on the wire.
 *
 * @param eventId      idempotency key: redeliveries of the same event carry the same id
 * @param type         the payload's record name, e.g. {@code AssetUploaded}
 * @param assetId      the Kafka key
 * @param assetVersion the asset's version when the event happened, for ordering by receivers
 * @param cloud        the account (cloud name)
 * @param occurredAt   when the change happened (not when it was relayed)
 * @param payload      the event record as JSON; decode with {@link EventCodec#payload}
 */
public record Envelope(UUID eventId, String type, String assetId, long assetVersion, String cloud,
                       Instant occurredAt, JsonNode payload) {
}
