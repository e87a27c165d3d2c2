package dev.upshot.kit.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdminCredentialsTest {
    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheAccountsKeyAndSecret() {
        assertDoesNotThrow(() -> AdminCredentials.check(basic("key:se:cret"), "key", "se:cret"));
        assertDoesNotThrow(() -> AdminCredentials.check("basic " + basic("key:s").substring(6), "key", "s"));
    }

    @Test
    void rejectsEverythingElseWithCloudinarysMessages() {
        assertEquals("Must supply api_key", assertThrows(AdminCredentials.Rejected.class,
                () -> AdminCredentials.check(null, "key", "s")).getMessage());
        assertEquals("Must supply api_key", assertThrows(AdminCredentials.Rejected.class,
                () -> AdminCredentials.check("Bearer x", "key", "s")).getMessage());
        assertEquals("Malformed Basic authorization header", assertThrows(AdminCredentials.Rejected.class,
                () -> AdminCredentials.check("Basic %%%", "key", "s")).getMessage());
        assertEquals("Unknown API key other", assertThrows(AdminCredentials.Rejected.class,
                () -> AdminCredentials.check(basic("other:s"), "key", "s")).getMessage());
        assertEquals("Invalid API secret", assertThrows(AdminCredentials.Rejected.class,
                () -> AdminCredentials.check(basic("key:wrong"), "key", "s")).getMessage());
        assertEquals("Invalid API secret", assertThrows(AdminCredentials.Rejected.class,
                () -> AdminCredentials.check(basic("key"), "key", "s")).getMessage());
    }
}
