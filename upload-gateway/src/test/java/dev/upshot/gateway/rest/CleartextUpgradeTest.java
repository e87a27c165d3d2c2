package dev.upshot.gateway.rest;

import dev.upshot.gateway.service.RequestSignature;
import dev.upshot.kit.auth.SignatureAlgorithm;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that offers an HTTP/2 upgrade on plain HTTP with a large upload is answered, in HTTP/1.1. */
@QuarkusTest
class CleartextUpgradeTest {
    private static final String BOUNDARY = "h2c-" + UUID.randomUUID();

    @TestHTTPResource("/")
    URL base;

    @Test
    void aLargeUploadOfferingAnUpgradeIsAnswered() throws Exception {
        byte[] png = noise(200, 200);
        assertTrue(png.length > 100_000, "the file must outgrow HTTP/2's first window: " + png.length);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("public_id", "h2c/" + UUID.randomUUID());
        params.put("timestamp", Long.toString(System.currentTimeMillis() / 1000));
        params.put("signature", RequestSignature.sign(params, SdkClients.config("api-secret"),
                SignatureAlgorithm.SHA1, 2));
        params.put("api_key", SdkClients.config("api-key"));
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "v1_1/" + SdkClients.config("cloud-name")
                        + "/image/upload"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(params, png))).build();

        HttpResponse<String> response = http2.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        assertTrue(response.body().contains("\"bytes\":" + png.length), response.body());
    }

    private static byte[] noise(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] multipart(Map<String, String> fields, byte[] png) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(png);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
