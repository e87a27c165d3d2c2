package dev.upshot.gateway.service;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses outbound requests to addresses inside the operator's network (SSRF): loopback, private, link-local,
 * unique-local, carrier-grade NAT, multicast and unspecified — unless configuration allows loopback or private.
 */
public record TargetGuard(boolean allowLoopback, boolean allowPrivate) {

    /** @return the resolved addresses, all allowed; throws with the reason otherwise */
    public InetAddress[] check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https URLs are allowed");
        }
        if (uri.getHost() == null) {
            throw new Refused("the URL has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("unknown host " + uri.getHost());
        }
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null) {
                throw new Refused(uri.getHost() + " resolves to " + why + " address " + address.getHostAddress());
            }
        }
        return addresses;
    }

    String refusal(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback";
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return "a non-unicast";
        }
        byte[] b = a.getAddress();
        boolean cgnat = b.length == 4 && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
        boolean uniqueLocal = a instanceof Inet6Address && (b[0] & 0xFE) == 0xFC;
        if (a.isSiteLocalAddress() || a.isLinkLocalAddress() || cgnat || uniqueLocal) {
            return allowPrivate ? null : "a private";
        }
        return null;
    }

    /** The target may not be contacted. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
