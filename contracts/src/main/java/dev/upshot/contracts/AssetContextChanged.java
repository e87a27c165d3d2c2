package dev.upshot.contracts;

import java.util.Map;

/**
 * An asset's contextual metadata changed (Upload API {@code context}: add, remove_all).
 *
 * @param context the key/value pairs the asset has now
 */
public record AssetContextChanged(String publicId, String resourceType, String deliveryType,
                                  Map<String, String> context) implements Event {
}
