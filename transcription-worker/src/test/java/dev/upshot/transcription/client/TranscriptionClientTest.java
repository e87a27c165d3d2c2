package dev.upshot.transcription.client;

import com.sun.net.httpserver.HttpServer;
import dev.upshot.kit.net.TargetGuard;
import dev.upshot.messaging.DependencyUnavailableException;
import dev.upshot.messaging.TransientFailures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's failures, against real sockets on loopback: out of reach and overloaded are transient (waited out by
 * the consumer), a refusal is final, a time-out is a plain failure, loopback needs explicit permission, and the key
 * never appears in a failure.
 */
class TranscriptionClientTest {
    private static final String KEY = "sk-secret-1234567890";
    private static final TargetGuard LOOPBACK = new TargetGuard(true, false);

    @TempDir
    Path dir;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server answering {@code status} with {@code body}; the answer waits {@code delay}. */
    private String serve(int status, String body, Duration delay, AtomicInteger calls) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/audio/transcriptions", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private TranscriptionClient client(String url, Duration timeout, TargetGuard guard) {
        return new TranscriptionClient(url, "whisper-1", Optional.of(KEY), timeout, guard);
    }

    private Path wav() throws Exception {
        return Files.write(dir.resolve("a.wav"), new byte[64]);
    }

    @Test
    void anEndpointOutOfReachOrOverloadedIsTransient() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var refused = assertThrows(DependencyUnavailableException.class, () -> client("http://127.0.0.1:" + closed
                + "/v1", Duration.ofSeconds(5), LOOPBACK).transcribe(wav(), Optional.empty()));
        assertTrue(TransientFailures.isTransient(new IllegalStateException("wrapped", refused)));
        assertTrue(refused.getMessage().startsWith("transcription endpoint unreachable: "), refused.getMessage());

        String url = serve(503, "busy", Duration.ZERO, new AtomicInteger());
        var busy = assertThrows(DependencyUnavailableException.class,
                () -> client(url, Duration.ofSeconds(5), LOOPBACK).transcribe(wav(), Optional.empty()));
        assertEquals("transcription endpoint answered HTTP 503: busy", busy.getMessage());
    }

    @Test
    void aRefusalIsFinalAndNeverQuotesTheKey() throws Exception {
        String url = serve(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}",
                Duration.ZERO, new AtomicInteger());
        var refused = assertThrows(TranscriptionClient.Refused.class,
                () -> client(url, Duration.ofSeconds(5), LOOPBACK).transcribe(wav(), Optional.empty()));
        assertEquals("transcription endpoint answered HTTP 401", refused.getMessage());
    }

    @Test
    void aTimeOutIsAPlainFailureNotAnOutage() throws Exception {
        String url = serve(200, "{}", Duration.ofSeconds(3), new AtomicInteger());
        var slow = assertThrows(IllegalStateException.class,
                () -> client(url, Duration.ofMillis(500), LOOPBACK).transcribe(wav(), Optional.empty()));
        assertEquals("transcription endpoint did not answer within PT0.5S", slow.getMessage());
        assertFalse(TransientFailures.isTransient(slow), "a file too long for the budget must not wait forever");
    }

    @Test
    void loopbackIsRefusedUnlessAllowed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(200, "{}", Duration.ZERO, calls);
        var refused = assertThrows(TranscriptionClient.Refused.class, () -> client(url, Duration.ofSeconds(5),
                new TargetGuard(false, false)).transcribe(wav(), Optional.empty()));
        assertTrue(refused.getMessage().startsWith("transcription endpoint refused: 127.0.0.1 resolves to"),
                refused.getMessage());
        assertEquals(0, calls.get());
    }
}
