package dev.upshot.moderation.service;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;

/**
 * The asset under moderation: the upload event and what was learnt from its bytes.
 *
 * @param sha256 of the original's bytes
 * @param phash  perceptual hash, null when the original is not a decodable image (or too large to decode)
 */
public record Subject(Envelope envelope, AssetUploaded asset, String sha256, Long phash) {
}
