package dev.upshot.contracts;

import java.util.List;

/**
 * An asset's tags changed (Upload API {@code tags}: add, remove, replace, remove_all, set_exclusive).
 *
 * @param tags the tags the asset has now
 */
public record AssetTagsChanged(String publicId, String resourceType, String deliveryType, List<String> tags)
        implements Event {
}
