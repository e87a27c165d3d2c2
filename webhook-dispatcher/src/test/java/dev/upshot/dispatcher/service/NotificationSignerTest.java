package dev.upshot.dispatcher.service;

import com.cloudinary.Cloudinary;
import dev.upshot.kit.auth.SignatureAlgorithm;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationSignerTest {
    private static final byte[] BODY = "{\"notification_type\":\"upload\",\"public_id\":\"x\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesCloudinarysSha1Vector() {
        assertEquals("7f643417d3f011eb3ebef2fcdc91554afbe87f1f",
                NotificationSigner.sign(BODY, 1700000000L, "test_secret", SignatureAlgorithm.SHA1));
    }

    @Test
    void signsWithSha256WhenTheAccountSaysSo() {
        assertEquals("3e7e67012f4c5db6692cc8fc4e53bee37abb7af391ff27021271189b773c5af9",
                NotificationSigner.sign(BODY, 1700000000L, "test_secret", SignatureAlgorithm.SHA256));
    }

    @Test
    void theJavaSdkAcceptsOurSignature() {
        long now = System.currentTimeMillis() / 1000;
        String signature = NotificationSigner.sign(BODY, now, "test_secret", SignatureAlgorithm.SHA1);
        Cloudinary cloudinary = new Cloudinary(Map.of("cloud_name", "demo", "api_key", "1", "api_secret", "test_secret"));

        assertTrue(cloudinary.verifyNotificationSignature(new String(BODY, StandardCharsets.UTF_8),
                Long.toString(now), signature, 7200));
    }
}
