package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.AccessRule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessControlTest {

    @Test
    void readsTheDatesBothSdksSend() {
        // the Java SDK's AccessControlRule, then the Node SDK's own test values
        List<AccessRule> rules = AccessControl.parse("[{\"access_type\":\"anonymous\",\"start\":\"2019-02-22T14:20:57Z\","
                + "\"end\":\"2019-03-21T22:00:00Z\"},{\"access_type\":\"token\"}]");
        assertEquals(List.of(new AccessRule("anonymous", Instant.parse("2019-02-22T14:20:57Z"),
                Instant.parse("2019-03-21T22:00:00Z")), new AccessRule("token", null, null)), rules);
        AccessRule node = AccessControl.parse("[{\"access_type\":\"anonymous\",\"start\":\"2019-02-22T16:20:57.000Z\","
                + "\"end\":\"2019-03-22 00:00 +0200\"}]").getFirst();
        assertEquals(Instant.parse("2019-02-22T16:20:57Z"), node.start());
        assertEquals(Instant.parse("2019-03-21T22:00:00Z"), node.end());
        assertEquals(Instant.parse("2019-02-22T14:20:57Z"), AccessControl.parse(
                "{\"access_type\":\"anonymous\",\"start\":\"2019-02-22 16:20:57 +0200\"}").getFirst().start());
        assertEquals(Instant.parse("2019-02-22T16:20:57Z"), AccessControl.parse(
                "[{\"access_type\":\"anonymous\",\"start\":\"2019-02-22 16:20:57Z\"}]").getFirst().start());
        assertEquals(Instant.parse("2019-02-22T00:00:00Z"), AccessControl.parse(
                "[{\"access_type\":\"anonymous\",\"start\":\"2019-02-22\"}]").getFirst().start());
    }

    @Test
    void refusesWhatItCannotEnforce() {
        for (String bad : new String[]{"nonsense", "42", "[{\"access_type\":\"cookie\"}]", "[\"anonymous\"]",
                "[{\"access_type\":\"anonymous\",\"start\":\"yesterday\"}]",
                "[{\"access_type\":\"anonymous\",\"start\":\"2020-01-02T00:00:00Z\",\"end\":\"2020-01-01T00:00:00Z\"}]",
                "[{\"access_type\":\"token\",\"start\":\"2020-01-01T00:00:00Z\"}]",
                "[{\"access_type\":\"anonymous\",\"until\":\"2020-01-01T00:00:00Z\"}]"}) {
            ApiException e = assertThrows(ApiException.class, () -> AccessControl.parse(bad), bad);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("Invalid access_control: "), e.getMessage());
        }
    }

    @Test
    void anAssetIsPublicWhileOneAnonymousRuleAllowsIt() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        AccessRule window = new AccessRule("anonymous", now.minusSeconds(60), now.plusSeconds(60));
        AccessRule later = new AccessRule("anonymous", now.plusSeconds(3600), null);
        AccessRule token = new AccessRule("token", null, null);
        assertTrue(AccessRule.publicAt(List.of(), now));
        assertTrue(AccessRule.publicAt(List.of(token, window), now));
        assertFalse(AccessRule.publicAt(List.of(later), now));
        assertFalse(AccessRule.publicAt(List.of(token), now));
        assertFalse(AccessRule.publicAt(List.of(window), now.plusSeconds(60)));
        assertTrue(AccessRule.publicAt(List.of(later), now.plusSeconds(3600)));
    }
}
