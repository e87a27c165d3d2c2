package dev.upshot.moderation.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FingerprintIndexTest {

    @Test
    void bandNeighbourhoodsHaveTheExpectedSize() {
        assertEquals(1, FingerprintIndex.near(0x1234, 0).length);
        assertEquals(17, FingerprintIndex.near(0x1234, 1).length);
        assertEquals(1 + 16 + 120, FingerprintIndex.near(0x1234, 2).length);
        assertEquals(6, FingerprintIndex.maxDistance(0.9));
        assertEquals(0, FingerprintIndex.maxDistance(1.0));
        assertEquals(64, FingerprintIndex.maxDistance(0.0));
    }
}
