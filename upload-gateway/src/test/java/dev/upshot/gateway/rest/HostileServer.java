package dev.upshot.gateway.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that misbehaves as remote files may: redirects to other schemes and inwards,
 * endless redirects, a body dripped byte by byte, headers that never come, a body over the size limit. Started once
 * per JVM; the abuse suite's profile puts its port on the fetch allow-list.
 */
final class HostileServer {
    private static HttpServer server;

    private HostileServer() {
    }

    static synchronized int port() {
        if (server == null) {
            try {
                server = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server.getAddress().getPort();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private static HttpServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "hostile-server");
            thread.setDaemon(true);
            return thread;
        }));
        redirect(http, "/to-file", "file:///etc/passwd");
        redirect(http, "/to-gopher", "gopher://127.0.0.1:70/_GET");
        redirect(http, "/to-ftp", "ftp://127.0.0.1/x.png");
        redirect(http, "/to-loopback", "http://127.0.0.1:1/admin");
        redirect(http, "/to-metadata", "http://169.254.169.254/latest/meta-data/");
        redirect(http, "/to-private", "http://10.0.0.1/x.png");
        redirect(http, "/loop", "/loop");
        redirect(http, "/to-bad-location", "http://exa mple.com/x");
        http.createContext("/drip", exchange -> {
            exchange.sendResponseHeaders(200, 100_000);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100_000; i++) {
                    out.write(0x42);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the gateway hung up: what the test wants
            }
        });
        http.createContext("/silent", exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        http.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // cut off at the size limit
            }
        });
        http.createContext("/error", exchange -> answer(exchange, 500));
        http.start();
        return http;
    }

    private static void redirect(HttpServer http, String path, String location) {
        http.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            answer(exchange, 302);
        });
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
