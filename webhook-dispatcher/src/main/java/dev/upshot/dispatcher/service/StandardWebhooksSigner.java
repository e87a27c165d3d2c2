package dev.upshot.dispatcher.service;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Standard Webhooks signature (standardwebhooks.com): {@code v1,<base64 HMAC-SHA256(key, id.timestamp.body)>},
 * one per signing secret still valid, separated by spaces, so receivers holding either the old or the new secret
 * verify during a rotation.
 */
public final class StandardWebhooksSigner {
    static final String SECRET_PREFIX = "whsec_";

    /** A key and the instant it stops signing (null: never). */
    public record Secret(byte[] key, Instant expiresAt) {
        boolean validAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    private final List<Secret> secrets;

    public StandardWebhooksSigner(List<Secret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one signing secret is needed");
        }
        this.secrets = List.copyOf(secrets);
    }

    /**
     * From configuration: entries {@code whsec_<base64>[@<ISO instant>]}; absent, the api secret is the key.
     *
     * @throws IllegalArgumentException for an entry that is not of that form
     */
    public static StandardWebhooksSigner configured(Optional<List<String>> entries, String apiSecret) {
        if (entries.isEmpty() || entries.get().isEmpty()) {
            return new StandardWebhooksSigner(List.of(new Secret(apiSecret.getBytes(StandardCharsets.UTF_8), null)));
        }
        List<Secret> secrets = new ArrayList<>();
        for (String entry : entries.get()) {
            int at = entry.indexOf('@');
            String secret = (at < 0 ? entry : entry.substring(0, at)).strip();
            if (!secret.startsWith(SECRET_PREFIX)) {
                throw new IllegalArgumentException("a webhook secret must start with " + SECRET_PREFIX);
            }
            try {
                secrets.add(new Secret(Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())),
                        at < 0 ? null : Instant.parse(entry.substring(at + 1).strip())));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // the message never repeats the secret
                throw new IllegalArgumentException("a webhook secret is not whsec_<base64>[@<ISO instant>]");
            }
        }
        return new StandardWebhooksSigner(secrets);
    }

    /** The {@code webhook-id}: one per notification and target, the same on every retry and replay. */
    public static String messageId(UUID eventId, String target) {
        return "msg_" + eventId + "_" + UUID.nameUUIDFromBytes(target.getBytes(StandardCharsets.UTF_8))
                .toString().substring(0, 8);
    }

    /** The {@code webhook-signature} header at {@code now}; the first (current) secret signs even if all have expired. */
    public String sign(String messageId, long timestamp, byte[] body, Instant now) {
        List<Secret> valid = secrets.stream().filter(s -> s.validAt(now)).toList();
        return (valid.isEmpty() ? List.of(secrets.getFirst()) : valid).stream()
                .map(secret -> "v1," + hmac(secret.key(), messageId, timestamp, body))
                .collect(Collectors.joining(" "));
    }

    private static String hmac(byte[] key, String messageId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM provides HmacSHA256", e);
        }
    }
}
