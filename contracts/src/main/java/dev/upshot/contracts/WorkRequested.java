package dev.upshot.contracts;

/**
 * Post-upload work was asked for an asset already stored, by the Upload API's {@code explicit} or the Admin API's
 * {@code update}. It travels like an upload, on {@code asset.uploaded} and on the work topic of each worker it has work
 * for ({@link AssetUploaded#workTopics()}), keyed by asset id, so each worker sees it after the asset's upload and
 * handles it like one (read both with {@link AssetUploaded#of}).
 *
 * @param origin {@code explicit} or {@code update}
 * @param asset  the stored asset as its upload described it, with the newly requested work
 */
public record WorkRequested(String origin, AssetUploaded asset) implements Event {
}
