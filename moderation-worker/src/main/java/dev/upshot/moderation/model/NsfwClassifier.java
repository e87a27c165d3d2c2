package dev.upshot.moderation.model;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nsfwjs 4.4.0's MobileNetV2 (224 px, classes Drawing, Hentai, Neutral, Porn, Sexy) with nsfwjs's own input
 * preparation: RGB scaled to 0..1, then {@code tf.image.resizeBilinear(…, [224, 224], alignCorners = true)} unless
 * the image already is 224×224. Scores match nsfwjs on the TF.js CPU backend to 3 decimals (NsfwClassifierTest).
 * Thread-safe: the model is read-only.
 */
public final class NsfwClassifier {
    public static final List<String> CLASSES = List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy");
    /** Where the model sits inside the fetched package (models/fetch.sh → UPSHOT_MODELS_DIR). */
    public static final String PACKAGE_PATH = "nsfwjs@4.4.0/dist/models/mobilenet_v2";
    private static final int SIZE = 224;

    private final KerasModel model;

    private NsfwClassifier(KerasModel model) {
        this.model = model;
    }

    public static NsfwClassifier load(Path modelsDir) throws IOException {
        return new NsfwClassifier(KerasModel.load(modelsDir.resolve(PACKAGE_PATH)));
    }

    /** Class name → probability, in {@link #CLASSES} order. */
    public Map<String, Double> classify(BufferedImage image) {
        float[] scores = model.predict(input(image));
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < CLASSES.size(); i++) {
            out.put(CLASSES.get(i), (double) scores[i]);
        }
        return out;
    }

    static KerasModel.Tensor input(BufferedImage image) {
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
        KerasModel.Tensor source = new KerasModel.Tensor(h, w, 3, pixels);
        return w == SIZE && h == SIZE ? source : resizeAlignCorners(source, SIZE, SIZE);
    }

    /** TF.js's CPU resizeBilinear with alignCorners = true, halfPixelCenters = false, in float32 as it computes. */
    static KerasModel.Tensor resizeAlignCorners(KerasModel.Tensor in, int outH, int outW) {
        KerasModel.Tensor out = new KerasModel.Tensor(outH, outW, in.c());
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
