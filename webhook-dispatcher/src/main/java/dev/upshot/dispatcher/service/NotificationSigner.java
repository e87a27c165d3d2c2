package dev.upshot.dispatcher.service;

import dev.upshot.dispatcher.config.AccountsConfig.SignatureAlgorithm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Cloudinary's notification signature: lowercase hex of {@code digest(body + timestamp + api_secret)}. A plain digest,
 * not an HMAC, because that is what every Cloudinary SDK verifies. It covers the exact bytes sent.
 */
public final class NotificationSigner {

    private NotificationSigner() {
    }

    public static String sign(byte[] body, long timestamp, String apiSecret, SignatureAlgorithm algorithm) {
        MessageDigest digest = newDigest(algorithm);
        digest.update(body);
        digest.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
        digest.update(apiSecret.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest(SignatureAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides " + algorithm.jcaName(), e);
        }
    }
}
