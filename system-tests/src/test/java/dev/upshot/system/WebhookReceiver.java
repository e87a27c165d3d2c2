package dev.upshot.system;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook target on 127.0.0.1 that keeps every request exactly as it arrived. */
final class WebhookReceiver implements AutoCloseable {
    record Received(String path, String body, String timestamp, String signature, Map<String, List<String>> headers) {
        /** A request header, whatever its case, or null. */
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private record Failure(int status, AtomicInteger times) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().toString(), new String(body, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Cld-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Cld-Signature"), Map.copyOf(exchange.getRequestHeaders())));
            Failure failure = failures.get(exchange.getRequestURI().toString());
            boolean fail = failure != null && failure.times().getAndDecrement() > 0;
            exchange.sendResponseHeaders(fail ? failure.status() : 200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next {@code times} requests to {@code path} are answered 500. */
    void failNext(String path, int times) {
        answerNext(path, 500, times);
    }

    /** The next {@code times} requests to {@code path} are answered {@code status}, the later ones 200. */
    void answerNext(String path, int status, int times) {
        failures.put(path, new Failure(status, new AtomicInteger(times)));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
