package dev.upshot.kit.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps notification URLs, which users choose, from reaching the platform's own network (SSRF). A URL must be
 * http(s), and every address its host resolves to must be public unless loopback or private networks are allowed
 * by configuration. The caller connects to the address checked here, so a second DNS answer cannot slip in.
 */
public final class TargetGuard {

    /** What an address is, for the purpose of deciding whether a notification may go there. */
    public enum AddressKind { PUBLIC, LOOPBACK, PRIVATE, LINK_LOCAL, MULTICAST, UNSPECIFIED, RESERVED }

    private record Block(byte[] prefix, int bits, AddressKind kind) {
        static Block of(String cidr, AddressKind kind) {
            String[] parts = cidr.split("/");
            try {
                return new Block(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), kind);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            int rest = bits % 8;
            if (!Arrays.equals(address, 0, full, prefix, 0, full)) {
                return false;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final List<Block> BLOCKS = List.of(
            Block.of("0.0.0.0/8", AddressKind.UNSPECIFIED),
            Block.of("127.0.0.0/8", AddressKind.LOOPBACK),
            Block.of("10.0.0.0/8", AddressKind.PRIVATE),
            Block.of("172.16.0.0/12", AddressKind.PRIVATE),
            Block.of("192.168.0.0/16", AddressKind.PRIVATE),
            Block.of("100.64.0.0/10", AddressKind.PRIVATE),
            Block.of("169.254.0.0/16", AddressKind.LINK_LOCAL),
            Block.of("224.0.0.0/4", AddressKind.MULTICAST),
            Block.of("240.0.0.0/4", AddressKind.RESERVED),
            Block.of("::/128", AddressKind.UNSPECIFIED),
            Block.of("::1/128", AddressKind.LOOPBACK),
            Block.of("fc00::/7", AddressKind.PRIVATE),
            Block.of("fec0::/10", AddressKind.PRIVATE),
            Block.of("fe80::/10", AddressKind.LINK_LOCAL),
            Block.of("ff00::/8", AddressKind.MULTICAST));

    /** IPv6 ranges that carry an IPv4 address, which is what the packet finally reaches: offset of the IPv4 bytes. */
    private record Embedding(Block block, int offset) {
    }

    private static final List<Embedding> EMBEDDINGS = List.of(
            new Embedding(new Block(ipv4MappedPrefix(), 96, AddressKind.PUBLIC), 12),  // IPv4-mapped
            new Embedding(Block.of("::/96", AddressKind.PUBLIC), 12),          // IPv4-compatible (deprecated)
            new Embedding(Block.of("64:ff9b::/96", AddressKind.PUBLIC), 12),   // NAT64
            new Embedding(Block.of("2002::/16", AddressKind.PUBLIC), 2));      // 6to4

    private final boolean allowLoopback;
    private final boolean allowPrivate;
    /** Loopback ports allowed even when loopback in general is not: an explicit allow-list. */
    private final Set<Integer> loopbackPorts;

    /** ::ffff:0:0/96 spelled as bytes: InetAddress turns the text form into an IPv4 address. */
    private static byte[] ipv4MappedPrefix() {
        byte[] prefix = new byte[16];
        prefix[10] = (byte) 0xff;
        prefix[11] = (byte) 0xff;
        return prefix;
    }

    public TargetGuard(boolean allowLoopback, boolean allowPrivate) {
        this(allowLoopback, allowPrivate, Set.of());
    }

    public TargetGuard(boolean allowLoopback, boolean allowPrivate, Set<Integer> loopbackPorts) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
        this.loopbackPorts = Set.copyOf(loopbackPorts);
    }

    /**
     * Checks the URL, resolves its host and returns the one address the caller must connect to (pin it in the
     * client's DNS hook), so that a second DNS answer cannot slip in between check and connection. Blocking.
     *
     * @throws TargetRefused        when the URL or an address is not allowed
     * @throws UnknownHostException when the host does not resolve (or is a malformed address literal)
     */
    public InetAddress resolve(URI uri) throws UnknownHostException {
        URI checked = checkUrl(uri.toString());
        String host = checked.getHost();
        List<InetAddress> resolved;
        try {
            resolved = List.of(InetAddress.getAllByName(host));
        } catch (IllegalArgumentException e) {
            throw new UnknownHostException(host + ": " + e.getMessage());
        }
        int port = checked.getPort() != -1 ? checked.getPort()
                : checked.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        if (loopbackPorts.contains(port) && resolved.stream().allMatch(a -> classify(a) == AddressKind.LOOPBACK)) {
            return resolved.getFirst();
        }
        return choose(host, resolved);
    }

    /** @throws TargetRefused unless the URL is an absolute http(s) URL with a host */
    public URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new TargetRefused("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TargetRefused("only http and https URLs are allowed, not '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new TargetRefused("the URL has no host");
        }
        return uri;
    }

    /**
     * The address to connect to, from all those the host resolved to. Any forbidden address refuses the whole host:
     * a DNS answer mixing public and internal addresses is an attack, not a misconfiguration.
     *
     * @throws TargetRefused when an address is not allowed
     */
    public InetAddress choose(String host, List<InetAddress> resolved) {
        if (resolved.isEmpty()) {
            throw new TargetRefused(host + " resolves to no address");
        }
        for (InetAddress address : resolved) {
            AddressKind kind = classify(address);
            if (!allows(kind)) {
                throw new TargetRefused(host + " resolves to " + address.getHostAddress() + ", a "
                        + kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + " address");
            }
        }
        return resolved.getFirst();
    }

    public boolean allows(AddressKind kind) {
        return switch (kind) {
            case PUBLIC -> true;
            case LOOPBACK -> allowLoopback;
            case PRIVATE -> allowPrivate;
            case LINK_LOCAL, MULTICAST, UNSPECIFIED, RESERVED -> false;
        };
    }

    public static AddressKind classify(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            Optional<byte[]> embedded = embeddedIpv4(bytes);
            if (embedded.isPresent()) {
                return kindOf(embedded.get());
            }
        } else if (!(address instanceof Inet4Address)) {
            return AddressKind.RESERVED;
        }
        return kindOf(bytes);
    }

    private static AddressKind kindOf(byte[] bytes) {
        return BLOCKS.stream().filter(block -> block.contains(bytes)).map(Block::kind).findFirst()
                .orElse(AddressKind.PUBLIC);
    }

    private static Optional<byte[]> embeddedIpv4(byte[] ipv6) {
        if (Arrays.equals(ipv6, new byte[16]) || isIpv6Loopback(ipv6)) {
            return Optional.empty();   // :: and ::1 lie inside ::/96 but are IPv6's own addresses
        }
        return EMBEDDINGS.stream().filter(e -> e.block().contains(ipv6)).findFirst()
                .map(e -> Arrays.copyOfRange(ipv6, e.offset(), e.offset() + 4));
    }

    private static boolean isIpv6Loopback(byte[] ipv6) {
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        return Arrays.equals(ipv6, loopback);
    }

    /** The target may never be sent to; retrying cannot help. */
    public static final class TargetRefused extends RuntimeException {
        public TargetRefused(String message) {
            super(message, null, false, false);
        }
    }
}
