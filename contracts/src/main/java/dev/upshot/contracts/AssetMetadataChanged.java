package dev.upshot.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An asset's structured metadata changed (Upload API {@code metadata}).
 *
 * @param metadata the values the asset has now, by field external id (a string, or a list for set fields)
 */
public record AssetMetadataChanged(String publicId, String resourceType, String deliveryType, ObjectNode metadata)
        implements Event {
}
