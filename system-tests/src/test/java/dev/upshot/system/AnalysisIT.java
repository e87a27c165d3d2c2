package dev.upshot.system;

import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analyses end to end through the official Java SDK: gateway → analysis.requested → analysis-worker (reads the original
 * from S3) → analysis.completed → gateway merges the results into the synchronous answer, the Admin API details,
 * the upload notification of an async upload, and on_success's {@code e.upload_info}.
 */
class AnalysisIT extends OnPlatform {

    /** Left half red, right half blue, with a black word on a white band: colours, text and edges are known. */
    static byte[] poster(String word) throws IOException {
        BufferedImage img = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(220, 20, 30));
        g.fillRect(0, 0, 320, 400);
        g.setColor(new Color(20, 40, 220));
        g.fillRect(320, 0, 320, 400);
        g.setColor(Color.WHITE);
        g.fillRect(0, 150, 640, 100);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 72));
        g.drawString(word, 60, 225);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void everyAnalysisIsInTheSynchronousAnswer() throws Exception {
        JsonNode result = json(cloudinary.uploader().upload(poster("UPSHOT"), ObjectUtils.asMap(
                "colors", true, "phash", true, "quality_analysis", true, "accessibility_analysis", true,
                "faces", true, "image_metadata", true, "ocr", "adv_ocr", "detection", "captioning",
                "auto_tagging", 0.5, "categorization", "upshot_tagging")));
        assertNull(result.get("processing"), "answered once every analysis is merged: " + result);
        assertNull(result.get("analysis_errors"), result.toString());

        JsonNode colors = result.get("colors");
        assertTrue(colors.isArray() && colors.size() >= 2, result.toString());
        List<String> top = List.of(colors.get(0).get(0).asText(), colors.get(1).get(0).asText());
        assertTrue(top.stream().anyMatch(hex -> hex.matches("(?i)#(D|C|E)[0-9A-F]1[0-9A-F]{3}")), "red is a top colour: " + colors);
        assertTrue(result.get("phash").asText().matches("[0-9a-f]{16}"), result.toString());
        double focus = result.at("/quality_analysis/focus").asDouble(-1);
        assertTrue(focus >= 0 && focus <= 1, result.toString());
        assertTrue(result.has("quality_score"), result.toString());
        assertTrue(result.at("/accessibility_analysis/colorblind_accessibility_score").isNumber(), result.toString());
        assertTrue(result.at("/accessibility_analysis/colorblind_accessibility_analysis/distinct_edges").isNumber(),
                result.toString());
        assertNull(result.get("colorblind_accessibility_score"), "only inside accessibility_analysis: " + result);
        assertTrue(result.get("faces").isArray() && result.get("faces").isEmpty(), "no face on a poster: " + result);
        assertEquals("complete", result.at("/info/ocr/adv_ocr/status").asText(), result.toString());
        assertTrue(result.at("/info/ocr/adv_ocr/data").toString().contains("UPSHOT"), result.toString());
        assertFalse(result.at("/info/detection/captioning/data/caption").asText().isBlank(), result.toString());
        assertTrue(cloudinary.verifyApiResponseSignature(result.get("public_id").asText(),
                result.get("version").asText(), result.get("signature").asText()));
    }

    /**
     * The Node SDK's spelling ({@code faces=1}) of every boolean analysis on a plain 320×240 PNG, sent as that SDK
     * would (signed form fields, the file as a data URI): every analysis answers, {@code faces: []} included.
     */
    @Test
    void nodeEncodedBooleansGetEveryAnalysis() throws Exception {
        Map<String, Object> params = new HashMap<>();
        for (String analysis : List.of("faces", "colors", "phash", "quality_analysis", "accessibility_analysis",
                "image_metadata")) {
            params.put(analysis, "1");
        }
        params.put("timestamp", Long.toString(System.currentTimeMillis() / 1000));
        cloudinary.signRequest(params, new HashMap<>());
        params.put("file", "data:image/png;base64," + Base64.getEncoder().encodeToString(Png.of(320, 240)));
        String form = params.entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        platform.gateway.uri("/v1_1/e2e/image/upload"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = JSON.readTree(response.body());
        assertNull(result.get("analysis_errors"), result.toString());
        assertEquals("[]", String.valueOf(result.get("faces")), result.toString());
        assertTrue(result.get("colors").isArray(), result.toString());
        assertTrue(result.get("phash").asText().matches("[0-9a-f]{16}"), result.toString());
        assertTrue(result.at("/quality_analysis/focus").isNumber(), result.toString());
        assertTrue(result.at("/accessibility_analysis/colorblind_accessibility_score").isNumber(), result.toString());
        assertTrue(result.get("image_metadata").isObject(), result.toString());
    }

    @Test
    void identicalPixelsHashAlikeAndOtherPicturesDoNot() throws Exception {
        Map<String, Object> params = ObjectUtils.asMap("phash", true);
        String a = json(cloudinary.uploader().upload(poster("ALPHA"), params)).get("phash").asText();
        String again = json(cloudinary.uploader().upload(poster("ALPHA"), params)).get("phash").asText();
        String other = json(cloudinary.uploader().upload(Png.of(640, 400), params)).get("phash").asText();
        assertEquals(a, again);
        assertNotEquals(a, other);
    }

    @Test
    void detailsShowStoredResultsWhenAsked() throws Exception {
        String publicId = "analysis/" + UUID.randomUUID();
        cloudinary.uploader().upload(poster("DETAILS"), ObjectUtils.asMap("public_id", publicId, "colors", true,
                "phash", true, "accessibility_analysis", true, "faces", true));
        JsonNode plain = json(cloudinary.api().resource(publicId, ObjectUtils.emptyMap()));
        assertNull(plain.get("colors"), plain.toString());
        JsonNode asked = json(cloudinary.api().resource(publicId, ObjectUtils.asMap("colors", true, "phash", true,
                "accessibility_analysis", true, "faces", true)));
        assertTrue(asked.get("colors").isArray(), asked.toString());
        assertTrue(asked.at("/accessibility_analysis/colorblind_accessibility_score").isNumber(), asked.toString());
        assertEquals("[]", String.valueOf(asked.get("faces")), asked.toString());
        assertTrue(asked.get("phash").asText().matches("[0-9a-f]{16}"), asked.toString());
    }

    @Test
    void anAsyncUploadGetsItsResultsByNotification() throws Exception {
        String path = "/analysis-async/" + UUID.randomUUID();
        JsonNode pending = json(cloudinary.uploader().upload(poster("LATER"), ObjectUtils.asMap("async", true,
                "colors", true, "accessibility_analysis", true, "notification_url", platform.receiver.url(path))));
        assertEquals("pending", pending.get("status").asText());
        JsonNode notification = JSON.readTree(platform.awaitOne(path).body());
        assertEquals("upload", notification.get("notification_type").asText());
        assertTrue(notification.get("colors").isArray(), notification.toString());
        assertTrue(notification.at("/accessibility_analysis/colorblind_accessibility_score").isNumber(),
                notification.toString());
    }

    @Test
    void theCaptionExampleSeesTheCaption() throws Exception {
        JsonNode result = json(cloudinary.uploader().upload(poster("CAPTION"), ObjectUtils.asMap(
                "detection", "captioning", "on_success", OnSuccessIT.CAPTION)));
        String caption = result.at("/info/detection/captioning/data/caption").asText();
        assertFalse(caption.isBlank(), result.toString());
        assertEquals(caption, result.at("/context/custom/caption").asText(), result.toString());
        assertEquals(List.of("autocaption"), JSON.convertValue(result.get("tags"), List.class));
    }

    @Test
    void unsupportedAnalysisValuesAreRefused() {
        // the SDK's uploader reports a 400 as a RuntimeException carrying the message
        Exception ocr = assertThrows(Exception.class, () -> cloudinary.uploader().upload(Png.of(8, 8),
                ObjectUtils.asMap("ocr", "tesseract_magic")));
        assertTrue(ocr.getMessage().contains("ocr"), ocr.getMessage());
        Exception tagging = assertThrows(Exception.class, () -> cloudinary.uploader().upload(Png.of(8, 8),
                ObjectUtils.asMap("auto_tagging", 1.5)));
        assertTrue(tagging.getMessage().contains("auto_tagging"), tagging.getMessage());
    }
}
