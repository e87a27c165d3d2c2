package dev.upshot.dispatcher.it;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP endpoint on 127.0.0.1 that records what it receives and answers from a script per path. */
final class WebhookReceiver implements AutoCloseable {

    record Received(String path, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostRunning = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // enough threads that slow endpoints never hold up the others: the test measures the dispatcher, not this
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers the given statuses in order, then repeats the last one. */
    String endpoint(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(List.of(statuses)));
        return "http://127.0.0.1:" + port() + path;
    }

    /** Like {@link #endpoint}, but every answer takes {@code delay} first. */
    String slowEndpoint(String path, Duration delay, Integer... statuses) {
        delays.put(path, delay.toMillis());
        return endpoint(path, statuses);
    }

    /** The most requests to {@code path} that were being answered at the same moment. */
    int mostConcurrent(String path) {
        AtomicInteger most = mostRunning.get(path);
        return most == null ? 0 : most.get();
    }

    List<Received> requests(String path) {
        return List.copyOf(received.getOrDefault(path, List.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                .add(new Received(path, exchange.getRequestHeaders(), body));
        int now = running.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        mostRunning.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(delays.getOrDefault(path, 0L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.get(path).decrementAndGet();
        }
        int status = nextStatus(path);
        byte[] answer = ("answer " + status).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private int nextStatus(String path) {
        Deque<Integer> script = scripts.get(path);
        if (script == null) {
            return 404;
        }
        synchronized (script) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
