package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.config.ModelsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code ocr=adv_ocr} (or {@code adv_ocr:document}) → {@code info.ocr.adv_ocr}, in the Google Vision shape Cloudinary's
 * OCR add-on returns: {@code textAnnotations} (the whole text first, then each word, with bounding polygons) and
 * {@code fullTextAnnotation} (the text, and pages → blocks → paragraphs → words → symbols with confidences 0–1).
 * Coordinates are the original image's pixels. Engine: Tesseract 5 LSTM with English data.
 */
@ApplicationScoped
public class OcrAnalysis implements Analysis {

    /** The values of {@code ocr} this worker serves; the gateway refuses others. */
    public static final Set<String> ACCEPTED = Set.of("adv_ocr", "adv_ocr:document");

    private final LazyModel<TextRecognizer> recognizer;
    private final int maxSide;
    private final double minConfidence;

    @Inject
    public OcrAnalysis(ModelsConfig config) {
        this(config.modelsDir().resolve(config.ocr().traineddata()), config.ocr().engines(), config.ocr().maxSide(),
                config.ocr().minConfidence());
    }

    public OcrAnalysis(Path traineddata, int engines, int maxSide, double minConfidence) {
        this.recognizer = new LazyModel<>("OCR language data " + traineddata,
                () -> new TextRecognizer(traineddata, engines));
        this.maxSide = maxSide;
        this.minConfidence = minConfidence;
    }

    @Override
    public String name() {
        return "ocr";
    }

    @Override
    public boolean requested(Map<String, String> parameters) {
        return ACCEPTED.contains(parameters.getOrDefault("ocr", ""));
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws Exception {
        TextRecognizer engine = recognizer.get();
        BufferedImage image = subject.image(maxSide);
        double toOriginal = (double) subject.width() / image.getWidth();
        TextRecognizer.Page page = engine.recognize(image, minConfidence);

        ObjectNode result = response.withObjectProperty("info").withObjectProperty("ocr").putObject("adv_ocr");
        result.put("status", "complete");
        ObjectNode data = result.putArray("data").addObject();
        ArrayNode annotations = data.putArray("textAnnotations");
        if (!page.words().isEmpty()) {
            ObjectNode whole = annotations.addObject();
            whole.put("locale", "en");
            whole.put("description", page.text());
            whole.set("boundingPoly", poly(enclosing(page).scaled(toOriginal)));
            for (TextRecognizer.Word word : page.words()) {
                ObjectNode annotation = annotations.addObject();
                annotation.put("description", word.text());
                annotation.set("boundingPoly", poly(word.box().scaled(toOriginal)));
            }
        }
        ObjectNode full = data.putObject("fullTextAnnotation");
        full.put("text", page.text());
        ObjectNode pageNode = full.putArray("pages").addObject();
        pageNode.put("width", subject.width());
        pageNode.put("height", subject.height());
        ArrayNode blocks = pageNode.putArray("blocks");
        for (TextRecognizer.Block block : page.blocks()) {
            ArrayNode paragraphs = unit(blocks, block.box(), block.confidence(), toOriginal).putArray("paragraphs");
            for (TextRecognizer.Paragraph paragraph : block.paragraphs()) {
                ArrayNode words = unit(paragraphs, paragraph.box(), paragraph.confidence(), toOriginal)
                        .putArray("words");
                for (TextRecognizer.Word word : paragraph.words()) {
                    ArrayNode symbols = unit(words, word.box(), word.confidence(), toOriginal).putArray("symbols");
                    for (TextRecognizer.Symbol symbol : word.symbols()) {
                        unit(symbols, symbol.box(), symbol.confidence(), toOriginal).put("text", symbol.text());
                    }
                }
            }
        }
    }

    private static ObjectNode unit(ArrayNode into, TextRecognizer.Box box, double confidence, double toOriginal) {
        ObjectNode node = into.addObject();
        node.set("boundingBox", poly(box.scaled(toOriginal)));
        node.put("confidence", Math.round(confidence * 1000) / 1000.0);
        return node;
    }

    private static TextRecognizer.Box enclosing(TextRecognizer.Page page) {
        return page.words().stream().map(TextRecognizer.Word::box).reduce((a, b) -> new TextRecognizer.Box(
                Math.min(a.left(), b.left()), Math.min(a.top(), b.top()),
                Math.max(a.right(), b.right()), Math.max(a.bottom(), b.bottom()))).orElseThrow();
    }

    /** Clockwise from the top-left corner, as Google Vision lists vertices. */
    private static ObjectNode poly(TextRecognizer.Box box) {
        ObjectNode poly = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ArrayNode vertices = poly.putArray("vertices");
        vertices.addObject().put("x", box.left()).put("y", box.top());
        vertices.addObject().put("x", box.right()).put("y", box.top());
        vertices.addObject().put("x", box.right()).put("y", box.bottom());
        vertices.addObject().put("x", box.left()).put("y", box.bottom());
        return poly;
    }

    @PreDestroy
    void close() throws Exception {
        recognizer.close();
    }
}
