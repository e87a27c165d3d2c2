package dev.upshot.transcription.messaging;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real OpenAI-compatible transcription endpoint on loopback (the JDK's HTTP server): answers every request with a
 * fixed {@code verbose_json} body, words at the top level as OpenAI answers, except a request for language
 * {@code xx}, which it refuses with 400 as OpenAI does a language it lacks. It keeps each request it was sent.
 */
public class FakeTranscriptionEndpoint implements QuarkusTestResourceLifecycleManager {
    static final String API_KEY = "sk-test-9f8e7d6c";

    /** One request as received: its Authorization header, content type and raw multipart body. */
    record Received(String authorization, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    static final List<Received> REQUESTS = new CopyOnWriteArrayList<>();

    static final String ANSWER = """
            {"task":"transcribe","language":"english","duration":2.9,"text":"Hello there. General Kenobi.",
             "segments":[{"id":0,"seek":0,"start":0.0,"end":1.2,"text":" Hello there.","avg_logprob":-0.1},
                         {"id":1,"seek":0,"start":1.4,"end":2.9,"text":" General Kenobi.","avg_logprob":-0.3}],
             "words":[{"word":"Hello","start":0.0,"end":0.5},{"word":"there","start":0.52,"end":1.1},
                      {"word":"General","start":1.4,"end":2.0},{"word":"Kenobi","start":2.05,"end":2.9}]}""";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/audio/transcriptions", exchange -> {
            Received received = new Received(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes());
            REQUESTS.add(received);
            boolean unknownLanguage = received.text().contains("name=\"language\"\r\n\r\nxx\r\n");
            byte[] answer = (unknownLanguage
                    ? "{\"error\":{\"message\":\"Language 'xx' is not supported.\",\"type\":\"invalid_request_error\"}}"
                    : ANSWER).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(unknownLanguage ? 400 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        // loopback only because this configuration allows it; the key is the provider's
        return Map.of("upshot.transcription.endpoint.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "upshot.transcription.endpoint.api-key", API_KEY,
                "upshot.transcription.endpoint.model", "whisper-test",
                "upshot.transcription.endpoint.allow-loopback", "true");
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
