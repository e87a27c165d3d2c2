package dev.upshot.moderation.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nsfwjs 4.4.0's MobileNetV2 (224 px, classes Drawing, Hentai, Neutral, Porn, Sexy) on ONNX Runtime, with nsfwjs's
 * own input preparation: RGB scaled to 0..1, then {@code tf.image.resizeBilinear(…, [224, 224], alignCorners = true)}
 * unless the image already is 224×224. The ONNX graph is translated in memory from the package's Keras layers at
 * load ({@link KerasToOnnx}). Scores match nsfwjs on the TF.js CPU backend within 5·10⁻⁴ (NsfwClassifierTest;
 * bench/run.sh measures ~5·10⁻⁶).
 * Thread-safe: {@link OrtSession#run} is.
 */
public final class NsfwClassifier implements AutoCloseable {
    public static final List<String> CLASSES = List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy");
    /** Where the model sits inside the fetched package (models/fetch.sh → UPSHOT_MODELS_DIR). */
    public static final String PACKAGE_PATH = "nsfwjs@4.4.0/dist/models/mobilenet_v2";
    private static final int SIZE = 224;

    /** One image, channels last: {@code data[(y * w + x) * c + channel]}. */
    record Pixels(int h, int w, int c, float[] data) {
        Pixels(int h, int w, int c) {
            this(h, w, c, new float[h * w * c]);
        }
    }

    private final OrtSession session;

    private NsfwClassifier(OrtSession session) {
        this.session = session;
    }

    /**
     * Translates the model to ONNX and opens a session on it.
     *
     * @param threads ONNX Runtime's intra-op threads for one image (1: the calling thread alone)
     */
    public static NsfwClassifier load(Path modelsDir, int threads) throws IOException {
        byte[] onnx = KerasToOnnx.convert(KerasBundle.load(modelsDir.resolve(PACKAGE_PATH)));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            // no arena or pre-planned buffers kept between images: tens of MiB less per process, a small cost per image
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            // pool threads sleep between images instead of spinning: an idle worker stays idle
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            return new NsfwClassifier(OrtEnvironment.getEnvironment().createSession(onnx, options));
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime refused the translated nsfwjs model: " + e.getMessage(), e);
        }
    }

    /** Class name → probability, in {@link #CLASSES} order. */
    public Map<String, Double> classify(BufferedImage image) {
        float[] scores = scores(input(image));
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < CLASSES.size(); i++) {
            out.put(CLASSES.get(i), (double) scores[i]);
        }
        return out;
    }

    /** The model's output for a prepared 224×224 input. */
    float[] scores(Pixels input) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(input.data()),
                new long[]{1, input.h(), input.w(), input.c()});
             OrtSession.Result result = session.run(Map.of(KerasToOnnx.INPUT, tensor))) {
            return ((float[][]) result.get(0).getValue())[0];
        } catch (OrtException e) {
            throw new IllegalStateException("nsfwjs model failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    static Pixels input(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] pixels = new float[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                pixels[i] = ((row[x] >> 16) & 0xff) / 255f;
                pixels[i + 1] = ((row[x] >> 8) & 0xff) / 255f;
                pixels[i + 2] = (row[x] & 0xff) / 255f;
            }
        }
        Pixels source = new Pixels(h, w, 3, pixels);
        return w == SIZE && h == SIZE ? source : resizeAlignCorners(source, SIZE, SIZE);
    }

    /** TF.js's CPU resizeBilinear with alignCorners = true, halfPixelCenters = false, in float32 as it computes. */
    static Pixels resizeAlignCorners(Pixels in, int outH, int outW) {
        Pixels out = new Pixels(outH, outW, in.c());
        float ratioY = outH > 1 ? (float) (in.h() - 1) / (outH - 1) : 0;
        float ratioX = outW > 1 ? (float) (in.w() - 1) / (outW - 1) : 0;
        int c = in.c();
        for (int y = 0; y < outH; y++) {
            float sy = ratioY * y;
            int top = (int) Math.floor(sy);
            int bottom = Math.min(in.h() - 1, (int) Math.ceil(sy));
            float rowFrac = sy - top;
            for (int x = 0; x < outW; x++) {
                float sx = ratioX * x;
                int left = (int) Math.floor(sx);
                int right = Math.min(in.w() - 1, (int) Math.ceil(sx));
                float colFrac = sx - left;
                for (int ch = 0; ch < c; ch++) {
                    float tl = in.data()[(top * in.w() + left) * c + ch];
                    float tr = in.data()[(top * in.w() + right) * c + ch];
                    float bl = in.data()[(bottom * in.w() + left) * c + ch];
                    float br = in.data()[(bottom * in.w() + right) * c + ch];
                    float topValue = tl + (tr - tl) * colFrac;
                    float bottomValue = bl + (br - bl) * colFrac;
                    out.data()[(y * outW + x) * c + ch] = topValue + (bottomValue - topValue) * rowFrac;
                }
            }
        }
        return out;
    }
}
