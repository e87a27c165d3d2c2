package dev.upshot.gateway.service;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TargetGuardTest {
    private final TargetGuard strict = new TargetGuard(false, false);

    @Test
    void refusesInternalAddresses() throws Exception {
        for (String ip : new String[]{"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "224.0.0.1"}) {
            assertNotNull(strict.refusal(InetAddress.getByName(ip)), ip);
        }
        assertNull(strict.refusal(InetAddress.getByName("93.184.216.34")));
        assertNull(new TargetGuard(true, false).refusal(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void refusesOtherSchemesAndLoopbackUrls() {
        assertThrows(TargetGuard.Refused.class, () -> strict.check(URI.create("file:///etc/passwd")));
        assertThrows(TargetGuard.Refused.class, () -> strict.check(URI.create("http://localhost:8080/x")));
        assertThrows(TargetGuard.Refused.class, () -> strict.check(URI.create("http://[::1]/x")));
    }
}
