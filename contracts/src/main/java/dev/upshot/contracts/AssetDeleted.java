package dev.upshot.contracts;

/**
 * An asset was destroyed (Upload API {@code destroy} or Admin API delete): its row is gone and its objects are
 * being removed. Services that keep something per asset (moderation-worker's duplicate index) drop it.
 *
 * @param objectKey the original's object key; its derivatives lie under {@code objectKey + ".derived/"}
 */
public record AssetDeleted(String publicId, String resourceType, String deliveryType, String bucket,
                           String objectKey) implements Event {
}
