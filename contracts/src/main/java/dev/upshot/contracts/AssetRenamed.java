package dev.upshot.contracts;

/** An asset got another public id or delivery type (Upload API {@code rename}); its asset id and objects stay. */
public record AssetRenamed(String resourceType, String fromPublicId, String toPublicId, String fromType,
                           String toType) implements Event {
}
