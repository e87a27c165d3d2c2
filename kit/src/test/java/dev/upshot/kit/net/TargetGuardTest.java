package dev.upshot.kit.net;

import dev.upshot.kit.net.TargetGuard.AddressKind;
import dev.upshot.kit.net.TargetGuard.TargetRefused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetGuardTest {
    private final TargetGuard strict = new TargetGuard(false, false);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "93.184.216.34,     PUBLIC",
            "8.8.8.8,           PUBLIC",
            "172.15.255.255,    PUBLIC",
            "172.32.0.1,        PUBLIC",
            "100.63.255.255,    PUBLIC",
            "100.128.0.1,       PUBLIC",
            "2606:4700::1111,   PUBLIC",
            "127.0.0.1,         LOOPBACK",
            "127.255.255.254,   LOOPBACK",
            "::1,               LOOPBACK",
            "10.0.0.1,          PRIVATE",
            "10.255.255.255,    PRIVATE",
            "172.16.0.1,        PRIVATE",
            "172.31.255.255,    PRIVATE",
            "192.168.1.1,       PRIVATE",
            "100.64.0.1,        PRIVATE",
            "100.127.255.255,   PRIVATE",
            "fc00::1,           PRIVATE",
            "fd12:3456::1,      PRIVATE",
            "169.254.169.254,   LINK_LOCAL",
            "fe80::1,           LINK_LOCAL",
            "febf::1,           LINK_LOCAL",
            "224.0.0.1,         MULTICAST",
            "239.255.255.250,   MULTICAST",
            "ff02::1,           MULTICAST",
            "0.0.0.0,           UNSPECIFIED",
            "0.1.2.3,           UNSPECIFIED",
            "::,                UNSPECIFIED",
            "255.255.255.255,   RESERVED",
            "240.0.0.1,         RESERVED",
            // IPv6 forms that carry an IPv4 address are judged by that address
            "::ffff:127.0.0.1,  LOOPBACK",
            "::ffff:10.1.2.3,   PRIVATE",
            "::169.254.169.254, LINK_LOCAL",
            "64:ff9b::a00:1,    PRIVATE",
            "2002:a9fe:a9fe::,  LINK_LOCAL",
            "2002:5db8:d822::,  PUBLIC",
    })
    void classifiesAddresses(String address, AddressKind expected) throws UnknownHostException {
        assertEquals(expected, TargetGuard.classify(InetAddress.getByName(address)));
    }

    @Test
    void seesThroughAnIpv4MappedAddressTheJdkLeavesAsIpv6() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        assertEquals(AddressKind.LOOPBACK, TargetGuard.classify(Inet6Address.getByAddress(null, mapped, -1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.0.0.1", "192.168.0.10", "100.64.1.1", "169.254.169.254",
            "fe80::1", "224.0.0.1", "0.0.0.0", "::", "fd00::1"})
    void refusesInternalAddressesByDefault(String address) throws UnknownHostException {
        List<InetAddress> resolved = List.of(InetAddress.getByName(address));
        assertThrows(TargetRefused.class, () -> strict.choose("hooks.example", resolved));
    }

    @Test
    void opensOnlyWhatConfigurationAllows() throws UnknownHostException {
        TargetGuard loopbackOnly = new TargetGuard(true, false);
        assertEquals(InetAddress.getByName("127.0.0.1"),
                loopbackOnly.choose("localhost", List.of(InetAddress.getByName("127.0.0.1"))));
        assertThrows(TargetRefused.class, () -> loopbackOnly.choose("h", List.of(InetAddress.getByName("10.0.0.1"))));

        TargetGuard privateOnly = new TargetGuard(false, true);
        assertEquals(InetAddress.getByName("10.0.0.1"),
                privateOnly.choose("h", List.of(InetAddress.getByName("10.0.0.1"))));
        assertThrows(TargetRefused.class, () -> privateOnly.choose("h", List.of(InetAddress.getByName("::1"))));

        TargetGuard lenient = new TargetGuard(true, true);
        for (String never : List.of("169.254.169.254", "fe80::1", "224.0.0.1", "0.0.0.0", "255.255.255.255")) {
            assertThrows(TargetRefused.class, () -> lenient.choose("h", List.of(InetAddress.getByName(never))), never);
        }
    }

    @Test
    void oneForbiddenAnswerRefusesTheWholeHost() throws UnknownHostException {
        List<InetAddress> mixed = List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1"));
        TargetRefused refused = assertThrows(TargetRefused.class, () -> strict.choose("rebind.example", mixed));
        assertTrue(refused.getMessage().contains("10.0.0.1"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "gopher://example.com", "example.com/hook",
            "http:///nohost", "http://exa mple.com/", "javascript:alert(1)", ""})
    void refusesUrlsThatAreNotHttp(String url) {
        assertThrows(TargetRefused.class, () -> strict.checkUrl(url));
    }

    @Test
    void acceptsHttpAndHttpsUrls() {
        assertEquals("hooks.example", strict.checkUrl("https://hooks.example/cloudinary?x=1").getHost());
        assertEquals(8080, strict.checkUrl("HTTP://hooks.example:8080/").getPort());
    }

    @Test
    void loopbackPortsAreAnExplicitAllowList() throws UnknownHostException {
        TargetGuard guard = new TargetGuard(false, false, java.util.Set.of(8089));
        assertEquals(InetAddress.getByName("127.0.0.1"), guard.resolve(java.net.URI.create("http://127.0.0.1:8089/x")));
        assertThrows(TargetRefused.class, () -> guard.resolve(java.net.URI.create("http://127.0.0.1:8090/x")));
        assertThrows(TargetRefused.class, () -> guard.resolve(java.net.URI.create("http://127.0.0.1/x")));
        assertThrows(TargetRefused.class, () -> guard.resolve(java.net.URI.create("http://10.0.0.1:8089/x")));
        assertThrows(TargetRefused.class, () -> guard.resolve(java.net.URI.create("file:///etc/passwd")));
    }
}
