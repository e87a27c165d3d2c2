package dev.upshot.moderation.service;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;

import java.awt.image.BufferedImage;

/**
 * The asset under moderation: the upload event and what was learnt from its bytes.
 *
 * @param sha256 of the original's bytes
 * @param phash  perceptual hash, null when the original is not a decodable image (or too large to decode)
 * @param image  the decoded image for the image model, null when not decodable
 * @param frames for a video with pictures, its sampled frames (the image model scores each); empty otherwise
 */
public record Subject(Envelope envelope, AssetUploaded asset, String sha256, Long phash, BufferedImage image,
                      java.util.List<NsfwModeration.Frame> frames) {
}
