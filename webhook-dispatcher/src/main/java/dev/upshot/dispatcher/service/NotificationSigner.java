package dev.upshot.dispatcher.service;

import dev.upshot.kit.auth.SignatureAlgorithm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Cloudinary's notification signature: lowercase hex of {@code digest(body + timestamp + api_secret)}. A plain digest,
 * not an HMAC, because that is what every Cloudinary SDK verifies. It covers the exact bytes sent.
 */
public final class NotificationSigner {

    private NotificationSigner() {
    }

    public static String sign(byte[] body, long timestamp, String apiSecret, SignatureAlgorithm algorithm) {
        MessageDigest digest = algorithm.digest();
        digest.update(body);
        digest.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
        digest.update(apiSecret.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }
}
