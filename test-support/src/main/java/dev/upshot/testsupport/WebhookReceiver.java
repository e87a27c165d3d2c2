package dev.upshot.testsupport;

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

/**
 * A webhook target on 127.0.0.1 that keeps every request exactly as it arrived and answers from a script per path
 * (the statuses in order, then the last one again); a path without a script gets the status given at construction.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** @param target the request's path with its query, as sent */
    public record Received(String path, String target, Map<String, List<String>> headers, byte[] bytes) {
        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** A request header, whatever its case, or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        public String timestamp() {
            return header("X-Cld-Timestamp");
        }

        public String signature() {
            return header("X-Cld-Signature");
        }
    }

    private final HttpServer server;
    private final int unscripted;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostRunning = new ConcurrentHashMap<>();

    /** @param unscripted the status of every answer to a path without a script */
    public WebhookReceiver(int unscripted) throws IOException {
        this.unscripted = unscripted;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // enough threads that slow endpoints never hold up the others: the tests measure the sender, not this
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Answers the given statuses in order, then repeats the last one; answers the path's URL. */
    public String endpoint(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(List.of(statuses)));
        return url(path);
    }

    /** Like {@link #endpoint}, but every answer takes {@code delay} first. */
    public String slowEndpoint(String path, Duration delay, Integer... statuses) {
        delays.put(path, delay.toMillis());
        return endpoint(path, statuses);
    }

    /** The next {@code times} requests to {@code path} are answered 500, the later ones 200. */
    public void failNext(String path, int times) {
        answerNext(path, 500, times);
    }

    /** The next {@code times} requests to {@code path} are answered {@code status}, the later ones 200. */
    public void answerNext(String path, int status, int times) {
        Deque<Integer> script = new ArrayDeque<>();
        for (int i = 0; i < times; i++) {
            script.add(status);
        }
        script.add(200);
        scripts.put(path, script);
    }

    /** The requests to {@code target}: the path with the query they were sent with, if any. */
    public List<Received> at(String target) {
        return received.stream().filter(r -> r.target().equals(target)).toList();
    }

    /** The most requests to {@code path} that were being answered at the same moment. */
    public int mostConcurrent(String path) {
        AtomicInteger most = mostRunning.get(path);
        return most == null ? 0 : most.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        received.add(new Received(path, exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()),
                body));
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
            return unscripted;
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
