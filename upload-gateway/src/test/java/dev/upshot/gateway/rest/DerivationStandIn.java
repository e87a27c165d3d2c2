package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.kit.s3.ObjectStore;
import io.quarkus.test.junit.QuarkusTestProfile;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for the derivation worker's {@code POST /internal/derivations} in gateway tests: reads the original
 * from S3, scales it into the chain's {@code w_}/{@code h_} box (as {@code c_limit} does) and stores the
 * derivative where delivery looks for it. Tests that need it run with {@link Profile}.
 */
final class DerivationStandIn {
    private static final int PORT = freePort();
    private static final Pattern SIDE = Pattern.compile("\\b([wh])_(\\d+)");
    private static HttpServer server;

    private DerivationStandIn() {
    }

    /** The gateway asks this stand-in for on-request derivatives. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("upshot.derivation.worker-url", "http://127.0.0.1:" + PORT);
        }
    }

    static synchronized void start(ObjectStore store) throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.createContext("/internal/derivations", exchange -> {
            try (exchange) {
                JsonNode request = EventCodec.mapper().readTree(exchange.getRequestBody());
                derive(store, request);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                byte[] body = "{}".getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }

    private static void derive(ObjectStore store, JsonNode request) throws Exception {
        BufferedImage original;
        try (InputStream in = store.get(request.path("objectKey").asText(), 0, 0)) {
            original = ImageIO.read(in);
        }
        int width = original.getWidth();
        int height = original.getHeight();
        Matcher side = SIDE.matcher(request.path("transformation").asText());
        double scale = 1;
        while (side.find()) {
            int limit = Integer.parseInt(side.group(2));
            scale = Math.min(scale, (double) limit / (side.group(1).equals("w") ? width : height));
        }
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(original, 0, 0, w, h, null);
        g.dispose();
        String extension = request.path("extension").asText();
        Path file = Files.createTempFile("derived", "." + extension);
        try {
            ImageIO.write(scaled, extension.equals("jpg") ? "jpeg" : extension, file.toFile());
            store.put(Transformation.objectKey(request.path("objectKey").asText(),
                    request.path("transformation").asText(), extension), file, "image/" + (extension.equals("jpg")
                    ? "jpeg" : extension));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
