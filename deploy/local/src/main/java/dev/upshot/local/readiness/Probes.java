package dev.upshot.local.readiness;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/** One look at a part from outside: does its port accept connections, what does its HTTP endpoint answer. */
public final class Probes {
    private Probes() {
    }

    public static boolean portOpen(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The HTTP status of a GET, 0 when nothing answers within {@code timeout}. */
    public static int httpStatus(String url, Duration timeout) {
        return request("GET", url, null, timeout).status();
    }

    /** A response: status 0 and an empty body when nothing answered. */
    public record Response(int status, String body) {
    }

    /** A request with an optional bearer token; connection and reading each get {@code timeout}. */
    public static Response request(String method, String url, String bearer, Duration timeout) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            if (bearer != null) {
                c.setRequestProperty("Authorization", "Bearer " + bearer);
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Response(status, body);
        } catch (IOException | IllegalArgumentException e) {
            return new Response(0, "");
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }
}
