package dev.upshot.local.config;

import dev.upshot.local.Die;
import dev.upshot.local.part.Part;
import dev.upshot.local.part.Service;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortsTest {

    @Test
    void defaultsAndOverridesFromTheEnvironment() {
        Ports ports = Ports.from(new Env(Map.of("UPSHOT_ANALYSIS_PORT", "18182", "UPSHOT_PG_PORT", "15999")));
        assertEquals(9092, ports.kafka());
        assertEquals(15999, ports.pg());
        assertEquals(8080, ports.of(Service.UPLOAD_GATEWAY));
        assertEquals(18182, ports.of(Part.of(Service.ANALYSIS_WORKER, 1)));
        assertEquals(18382, ports.of(Part.parse("analysis-worker-3").orElseThrow()), "replica k: + 100 * (k - 1)");
        assertEquals("127.0.0.1", ports.host());
    }

    @Test
    void everyInterfaceIsReachedThroughTheLoopback() {
        Ports ports = Ports.from(new Env(Map.of("UPSHOT_BIND", "*")));
        assertEquals("127.0.0.1", ports.host());
        assertEquals("0.0.0.0", ports.listenHost());
    }

    @Test
    void aBadPortIsRefusedWithItsValue() {
        Die e = assertThrows(Die.class, () -> Ports.from(new Env(Map.of("UPSHOT_S3_PORT", "70000"))));
        assertEquals("invalid port '70000' in the UPSHOT_*_PORT settings", e.getMessage());
        assertThrows(Die.class, () -> Ports.from(new Env(Map.of("UPSHOT_KAFKA_PORT", "x"))));
    }

    @Test
    void freePortsSkipWhatIsListeningAndNeverRepeat() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            int taken = busy.getLocalPort();
            int[] sequence = {taken, taken + 1 == 65536 ? 1 : taken + 1};
            AtomicInteger i = new AtomicInteger();
            FreePorts free = new FreePorts(() -> sequence[Math.min(i.getAndIncrement(), 1)]);
            assertEquals(sequence[1], free.next(), "the listening port is skipped");
            assertThrows(Die.class, free::next, "a port is handed out once only");
        }
        FreePorts random = new FreePorts();
        Set<Integer> seen = new HashSet<>();
        for (int n = 0; n < 20; n++) {
            int port = random.next();
            assertTrue(port >= 20000 && port < 32000, "below the ephemeral range: " + port);
            assertTrue(seen.add(port));
            try (ServerSocket bindable = new ServerSocket(port)) {
                assertEquals(port, bindable.getLocalPort());
            }
        }
    }

    @Test
    void partNames() {
        assertEquals(Part.PG, Part.parse("pg").orElseThrow());
        assertEquals("webhook-dispatcher-2", Part.parse("webhook-dispatcher-2").orElseThrow().name());
        assertTrue(Part.parse("upload-gateway-2").isEmpty(), "the gateway has no replicas");
        assertEquals(1, Service.UPLOAD_GATEWAY.parts(3).size());
        assertEquals(3, Service.ANALYSIS_WORKER.parts(3).size());
    }
}
