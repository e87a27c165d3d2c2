package dev.upshot.dispatcher.service;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardWebhooksSignerTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    /** The example of the Standard Webhooks reference libraries (webhooks.Webhook tests). */
    @Test
    void matchesTheSpecsPublishedExample() {
        var signer = StandardWebhooksSigner.configured(Optional.of(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")),
                "unused");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY, NOW));
    }

    @Test
    void signsWithEverySecretStillValidAndDropsExpiredOnes() {
        var signer = StandardWebhooksSigner.configured(Optional.of(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "whsec_c2Vjb25k@2026-07-01T00:00:00Z", "whsec_dGhpcmQ=@2026-01-01T00:00:00Z")), "unused");
        String[] during = signer.sign("msg_1", 1, BODY, NOW).split(" ");
        assertEquals(2, during.length);
        assertEquals(1, signer.sign("msg_1", 1, BODY, Instant.parse("2026-07-01T00:00:00Z")).split(" ").length);
        assertTrue(during[0].startsWith("v1,"));
    }

    @Test
    void withoutConfiguredSecretsTheApiSecretIsTheKey() {
        var fromApiSecret = StandardWebhooksSigner.configured(Optional.empty(), "abc");
        var explicit = StandardWebhooksSigner.configured(Optional.of(List.of("whsec_YWJj")), "other");
        assertEquals(explicit.sign("m", 5, BODY, NOW), fromApiSecret.sign("m", 5, BODY, NOW));
    }

    @Test
    void refusesMalformedSecretsWithoutEchoingThem() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> StandardWebhooksSigner.configured(Optional.of(List.of("whsec_!!notbase64")), "x"));
        assertFalse(e.getMessage().contains("notbase64"));
        assertThrows(IllegalArgumentException.class,
                () -> StandardWebhooksSigner.configured(Optional.of(List.of("plainsecret")), "x"));
        assertThrows(IllegalArgumentException.class,
                () -> StandardWebhooksSigner.configured(Optional.of(List.of("whsec_YWJj@tomorrow")), "x"));
    }

    @Test
    void theMessageIdIsStablePerEventAndTarget() {
        UUID event = UUID.randomUUID();
        assertEquals(StandardWebhooksSigner.messageId(event, "https://a/"),
                StandardWebhooksSigner.messageId(event, "https://a/"));
        assertNotEquals(StandardWebhooksSigner.messageId(event, "https://a/"),
                StandardWebhooksSigner.messageId(event, "https://b/"));
        assertNotEquals(StandardWebhooksSigner.messageId(event, "https://a/"),
                StandardWebhooksSigner.messageId(UUID.randomUUID(), "https://a/"));
    }
}
