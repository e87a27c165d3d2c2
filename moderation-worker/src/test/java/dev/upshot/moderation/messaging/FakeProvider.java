package dev.upshot.moderation.messaging;

import com.sun.net.httpserver.HttpServer;
import dev.upshot.contracts.EventCodec;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP moderation provider on loopback: rejects assets whose public id contains "bad", answers 503 once to
 * public ids containing "flaky" (the retry must get through), approves the rest with a score.
 */
public class FakeProvider implements QuarkusTestResourceLifecycleManager {
    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FLAKY = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/moderate", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            REQUESTS.add(body);
            String publicId = EventCodec.mapper().readTree(body).path("public_id").asText();
            byte[] answer;
            int status = 200;
            if (publicId.contains("flaky") && FLAKY.getAndIncrement() == 0) {
                status = 503;
                answer = "busy".getBytes(StandardCharsets.UTF_8);
            } else {
                answer = (publicId.contains("bad") ? "{\"status\":\"rejected\",\"reason\":\"policy\",\"score\":0.97}"
                        : "{\"status\":\"approved\",\"score\":0.02}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return Map.of("upshot.moderation.http.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/moderate",
                "upshot.moderation.http.backoff", "PT0.05S");
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
