package dev.upshot.analysis.service;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPInputStream;

import static org.bytedeco.tesseract.global.tesseract.OEM_LSTM_ONLY;
import static org.bytedeco.tesseract.global.tesseract.PSM_AUTO;
import static org.bytedeco.tesseract.global.tesseract.RIL_BLOCK;
import static org.bytedeco.tesseract.global.tesseract.RIL_PARA;
import static org.bytedeco.tesseract.global.tesseract.RIL_SYMBOL;
import static org.bytedeco.tesseract.global.tesseract.RIL_WORD;

/**
 * Tesseract 5 (LSTM engine) over a pool of loaded engines: a {@link TessBaseAPI} recognises one image at a time, so
 * each call borrows one and concurrent calls beyond the pool wait.
 */
public final class TextRecognizer implements AutoCloseable {

    /** Pixel rectangle, right and bottom exclusive. */
    public record Box(int left, int top, int right, int bottom) {
        Box scaled(double factor) {
            return new Box((int) Math.round(left * factor), (int) Math.round(top * factor),
                    (int) Math.round(right * factor), (int) Math.round(bottom * factor));
        }
    }

    /** Recognised units, confidences in 0–1: blocks of paragraphs of words of symbols. */
    public record Symbol(String text, Box box, double confidence) {
    }

    public record Word(String text, Box box, double confidence, List<Symbol> symbols) {
    }

    public record Paragraph(Box box, double confidence, List<Word> words) {
    }

    public record Block(Box box, double confidence, List<Paragraph> paragraphs) {
    }

    /** @param text the page's text, lines separated by newlines */
    public record Page(String text, List<Block> blocks) {
        public List<Word> words() {
            return blocks.stream().flatMap(b -> b.paragraphs().stream()).flatMap(p -> p.words().stream()).toList();
        }
    }

    private final BlockingQueue<TessBaseAPI> engines;
    private final List<TessBaseAPI> all = new ArrayList<>();
    private final Path tessdata;

    /**
     * @param traineddata a {@code <lang>.traineddata} file, or its gzip'd form, which is unpacked to a temporary
     *                    directory because Tesseract reads its data from a directory
     */
    public TextRecognizer(Path traineddata, int engineCount) throws IOException {
        if (!Files.isRegularFile(traineddata)) {
            throw new IllegalArgumentException("OCR language data not found at " + traineddata.toAbsolutePath()
                    + " (run models/fetch.sh and point UPSHOT_MODELS_DIR at its directory)");
        }
        String name = traineddata.getFileName().toString();
        String language = name.substring(0, name.indexOf('.'));
        this.tessdata = Files.createTempDirectory("upshot-tessdata");
        Path unpacked = tessdata.resolve(language + ".traineddata");
        try (InputStream in = name.endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(traineddata))
                : Files.newInputStream(traineddata)) {
            Files.copy(in, unpacked, StandardCopyOption.REPLACE_EXISTING);
        }
        this.engines = new ArrayBlockingQueue<>(engineCount);
        try {
            for (int i = 0; i < engineCount; i++) {
                TessBaseAPI api = new TessBaseAPI();
                all.add(api);
                if (api.Init(tessdata.toString(), language, OEM_LSTM_ONLY) != 0) {
                    throw new IllegalArgumentException("Tesseract cannot load " + traineddata);
                }
                api.SetPageSegMode(PSM_AUTO);
                // images carry no usable resolution; without this Tesseract warns on every page and guesses
                api.SetVariable("user_defined_dpi", "300");
                engines.add(api);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            Files.deleteIfExists(unpacked);   // loaded into memory; nothing reads the directory again
        }
    }

    /** Text of {@code image}, words below {@code minConfidence} left out, boxes in the image's pixels. */
    public Page recognize(BufferedImage image, double minConfidence) throws InterruptedException {
        byte[] gray = toGray(image);
        TessBaseAPI api = engines.take();
        try {
            api.SetImage(gray, image.getWidth(), image.getHeight(), 1, image.getWidth());
            if (api.Recognize(null) != 0) {
                return new Page("", List.of());
            }
            return read(api.GetIterator(), minConfidence);
        } finally {
            api.Clear();
            engines.add(api);
        }
    }

    private static Page read(ResultIterator it, double minConfidence) {
        List<Block> blocks = new ArrayList<>();
        if (it == null) {
            return new Page("", blocks);
        }
        try {
            List<Paragraph> paragraphs = null;
            List<Word> words = null;
            List<Symbol> symbols = null;
            do {
                if (it.Empty(RIL_SYMBOL)) {
                    continue;
                }
                if (paragraphs == null || it.IsAtBeginningOf(RIL_BLOCK)) {
                    paragraphs = new ArrayList<>();
                    blocks.add(new Block(box(it, RIL_BLOCK), it.Confidence(RIL_BLOCK) / 100, paragraphs));
                }
                if (words == null || it.IsAtBeginningOf(RIL_PARA)) {
                    words = new ArrayList<>();
                    paragraphs.add(new Paragraph(box(it, RIL_PARA), it.Confidence(RIL_PARA) / 100, words));
                }
                if (symbols == null || it.IsAtBeginningOf(RIL_WORD)) {
                    symbols = new ArrayList<>();
                    words.add(new Word(text(it, RIL_WORD), box(it, RIL_WORD), it.Confidence(RIL_WORD) / 100,
                            symbols));
                }
                symbols.add(new Symbol(text(it, RIL_SYMBOL), box(it, RIL_SYMBOL), it.Confidence(RIL_SYMBOL) / 100));
            } while (it.Next(RIL_SYMBOL));
        } finally {
            it.deallocate();
        }
        return filter(blocks, minConfidence);
    }

    /** Drops unsure words, then paragraphs and blocks left empty; the page text is rebuilt from what is kept. */
    private static Page filter(List<Block> blocks, double minConfidence) {
        List<Block> kept = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Block block : blocks) {
            List<Paragraph> paragraphs = new ArrayList<>();
            for (Paragraph paragraph : block.paragraphs()) {
                List<Word> words = paragraph.words().stream()
                        .filter(w -> w.confidence() >= minConfidence && !w.text().isBlank()).toList();
                if (!words.isEmpty()) {
                    paragraphs.add(new Paragraph(paragraph.box(), paragraph.confidence(), words));
                    text.append(String.join(" ", words.stream().map(Word::text).toList())).append('\n');
                }
            }
            if (!paragraphs.isEmpty()) {
                kept.add(new Block(block.box(), block.confidence(), paragraphs));
            }
        }
        return new Page(text.toString(), kept);
    }

    private static Box box(ResultIterator it, int level) {
        int[] l = new int[1], t = new int[1], r = new int[1], b = new int[1];
        it.BoundingBox(level, l, t, r, b);
        return new Box(l[0], t[0], r[0], b[0]);
    }

    private static String text(ResultIterator it, int level) {
        BytePointer p = it.GetUTF8Text(level);
        if (p == null) {
            return "";
        }
        try {
            return p.getString(java.nio.charset.StandardCharsets.UTF_8).strip();
        } finally {
            p.deallocate();
        }
    }

    private static byte[] toGray(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] gray = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            // transparent pixels read as white paper, not as the black their zeroed colour would give
            int a = (p >>> 24) & 0xff;
            double y = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
            gray[i] = (byte) Math.round((y * a + 255 * (255 - a)) / 255);
        }
        return gray;
    }

    @Override
    public void close() {
        all.forEach(api -> {
            api.End();
            api.close();
        });
        try {
            Files.deleteIfExists(tessdata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
