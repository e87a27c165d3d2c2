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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

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

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
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
