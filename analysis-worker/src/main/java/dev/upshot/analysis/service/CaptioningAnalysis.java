package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.client.CaptionClient;
import dev.upshot.analysis.config.ModelsConfig;
import dev.upshot.kit.net.TargetGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code detection=captioning} → {@code info.detection.captioning = {status, data: {caption}, model_version,
 * schema_version}}. The caption comes from the configured vision provider; without one, or when it fails, from a
 * sentence composed of what the other analyses found, under model version {@value #COMPOSED}. Runs after them.
 */
@ApplicationScoped
public class CaptioningAnalysis implements Analysis {
    private static final Logger LOG = Logger.getLogger(CaptioningAnalysis.class);

    /** Model version of the built-in caption: no model looked at the image as a whole. */
    public static final String COMPOSED = "upshot-compose-1";
    static final String SCHEMA_VERSION = "1.0";
    /** Longest piece of recognised text quoted in a composed caption. */
    private static final int MAX_QUOTE = 60;

    private final Optional<CaptionClient> provider;
    private final int maxSide;
    private final FaceModel faces;

    @Inject
    public CaptioningAnalysis(ModelsConfig config, FaceModel faces) {
        this(config.captioning().url().filter(url -> !url.isBlank()).map(url -> new CaptionClient(url,
                        config.captioning().model(), config.captioning().apiKey(), config.captioning().prompt(),
                        config.captioning().timeout(), config.captioning().attempts(),
                        new TargetGuard(config.captioning().allowLoopback(), config.captioning().allowPrivate()))),
                config.captioning().maxSide(), faces);
    }

    public CaptioningAnalysis(Optional<CaptionClient> provider, int maxSide, FaceModel faces) {
        this.provider = provider;
        this.maxSide = maxSide;
        this.faces = faces;
    }

    @Override
    public String name() {
        return "captioning";
    }

    @Override
    public boolean requested(Map<String, String> parameters) {
        return ParameterValues.list(parameters, "detection").contains("captioning");
    }

    @Override
    public int stage() {
        return 1;
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws Exception {
        String caption = null;
        String modelVersion = COMPOSED;
        if (provider.isPresent()) {
            try {
                caption = provider.get().caption(jpeg(subject.image(maxSide)));
                modelVersion = provider.get().model();
            } catch (CaptionClient.CaptionFailed e) {
                LOG.warnf("%s; composing the caption of %s instead", e.getMessage(), subject.file());
            }
        }
        if (caption == null) {
            caption = compose(Findings.of(subject, response, faces));
        }
        ObjectNode captioning = response.withObjectProperty("info").withObjectProperty("detection")
                .putObject("captioning");
        captioning.put("status", "complete");
        captioning.putObject("data").put("caption", caption);
        captioning.put("model_version", modelVersion);
        captioning.put("schema_version", SCHEMA_VERSION);
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        BufferedImage rgb = image;
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            // JPEG has no alpha; ImageIO refuses ARGB rather than flattening it
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            var g = rgb.createGraphics();
            g.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpg", out);
        return out.toByteArray();
    }

    /**
     * One sentence stating only what was measured: format and tone, faces, quoted text, main colours. E.g. "A
     * portrait image showing one face, with the text "HELLO", mostly brown and black."
     */
    static String compose(Findings found) {
        String shape = found.width() > found.height() * 1.1 ? "landscape"
                : found.height() > found.width() * 1.1 ? "portrait" : "square";
        StringBuilder caption = new StringBuilder("A ");
        if (found.grayscale().orElse(false)) {
            caption.append("black-and-white ");
        }
        caption.append(shape).append(" image");
        found.faces().ifPresent(list -> caption.append(switch (list.size()) {
            case 0 -> " with no faces";
            case 1 -> " showing one face";
            default -> " showing " + list.size() + " faces";
        }));
        if (!found.text().isBlank()) {
            String quote = found.text().replaceAll("\\s+", " ");
            if (quote.length() > MAX_QUOTE) {
                quote = quote.substring(0, MAX_QUOTE).strip() + "…";
            }
            caption.append(found.faces().isPresent() ? "," : "").append(" with the text \"").append(quote)
                    .append('"');
        }
        List<String> colours = new ArrayList<>();
        found.colours().stream().limit(2).forEach(c -> colours.add(c.name().toLowerCase(Locale.ROOT)));
        if (!colours.isEmpty() && !found.grayscale().orElse(false)) {
            caption.append(", mostly ").append(String.join(" and ", colours));
        }
        return caption.append('.').toString();
    }
}
