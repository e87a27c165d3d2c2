package dev.upshot.kit.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The Admin API's authentication, shared by every service that serves part of it: HTTP Basic with the account's
 * api_key and api_secret. The messages are Cloudinary's, which the SDKs show to their users.
 */
public final class AdminCredentials {

    /** Why a request is not authenticated; callers answer 401 with this message. */
    public static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private AdminCredentials() {
    }

    /** @throws Rejected unless {@code authorization} is Basic with exactly this key and secret */
    public static void check(String authorization, String apiKey, String apiSecret) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new Rejected("Must supply api_key");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Rejected("Malformed Basic authorization header");
        }
        int colon = decoded.indexOf(':');
        String key = colon < 0 ? decoded : decoded.substring(0, colon);
        String secret = colon < 0 ? "" : decoded.substring(colon + 1);
        if (!key.equals(apiKey)) {
            throw new Rejected("Unknown API key " + key);
        }
        if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), apiSecret.getBytes(StandardCharsets.UTF_8))) {
            throw new Rejected("Invalid API secret");
        }
    }
}
