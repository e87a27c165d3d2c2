package dev.upshot.moderation.model;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras layers model as TF.js ships it (topology JSON + uint8-quantised weights), evaluated in plain Java. It
 * knows the layer types MobileNetV2 classifiers use (convolutions, depthwise convolutions, batch normalisation,
 * ReLU6, residual adds, pooling, dense) and refuses any other, so a model it cannot run fails at load, not with
 * wrong scores. Tensors are one image, channels last ({@code h × w × c} floats).
 */
public final class KerasModel {
    private final List<Layer> layers;
    private final String output;

    private KerasModel(List<Layer> layers, String output) {
        this.layers = layers;
        this.output = output;
    }

    /** A tensor of one image: {@code data[(y * w + x) * c + channel]}. */
    public record Tensor(int h, int w, int c, float[] data) {
        public Tensor(int h, int w, int c) {
            this(h, w, c, new float[h * w * c]);
        }
    }

    private record Layer(String name, String type, JsonNode config, List<String> inputs, Map<String, float[]> weights) {
    }

    /** Loads the bundle's layers for the interpreter. */
    public static KerasModel load(Path dir) throws IOException {
        KerasBundle bundle = KerasBundle.load(dir);
        List<Layer> layers = new ArrayList<>();
        for (KerasBundle.Layer layer : bundle.layers()) {
            Map<String, float[]> own = new HashMap<>();
            layer.weights().forEach((key, w) -> own.put(key, w.values()));
            layers.add(new Layer(layer.name(), layer.type(), layer.config(), layer.inputs(), own));
        }
        return new KerasModel(layers, bundle.output());
    }

    /** Runs the model; returns the output layer's values. */
    public float[] predict(Tensor input) {
        Map<String, Tensor> values = new HashMap<>();
        for (Layer layer : layers) {
            List<Tensor> in = layer.inputs().stream().map(values::get).toList();
            values.put(layer.name(), switch (layer.type()) {
                case "InputLayer" -> input;
                case "ZeroPadding2D" -> pad(in.getFirst(), layer.config().get("padding"));
                case "Conv2D" -> conv(in.getFirst(), layer);
                case "DepthwiseConv2D" -> depthwise(in.getFirst(), layer);
                case "BatchNormalization" -> batchNorm(in.getFirst(), layer);
                case "ReLU" -> relu(in.getFirst(), layer.config());
                case "Add" -> add(in);
                case "AveragePooling2D" -> averagePool(in.getFirst(), layer.config());
                case "Flatten", "Dropout" -> in.getFirst();
                case "Dense" -> dense(in.getFirst(), layer);
                default -> throw new IllegalStateException(layer.type());
            });
        }
        return values.get(output).data();
    }

    private static Tensor pad(Tensor x, JsonNode padding) {
        int top = padding.get(0).get(0).asInt();
        int bottom = padding.get(0).get(1).asInt();
        int left = padding.get(1).get(0).asInt();
        int right = padding.get(1).get(1).asInt();
        Tensor out = new Tensor(x.h() + top + bottom, x.w() + left + right, x.c());
        for (int y = 0; y < x.h(); y++) {
            System.arraycopy(x.data(), y * x.w() * x.c(), out.data(), ((y + top) * out.w() + left) * x.c(), x.w() * x.c());
        }
        return out;
    }

    /** TensorFlow's "same" padding puts the odd pixel at the end. */
    private static int[] padding(JsonNode config, int size, int kernel, int stride) {
        if (config.get("padding").asText().equals("valid")) {
            return new int[]{(size - kernel) / stride + 1, 0};
        }
        int out = (size + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + kernel - size, 0);
        return new int[]{out, total / 2};
    }

    private static Tensor conv(Tensor x, Layer layer) {
        JsonNode config = layer.config();
        int kh = config.at("/kernel_size/0").asInt();
        int kw = config.at("/kernel_size/1").asInt();
        int sh = config.at("/strides/0").asInt();
        int sw = config.at("/strides/1").asInt();
        int filters = config.get("filters").asInt();
        int[] ph = padding(config, x.h(), kh, sh);
        int[] pw = padding(config, x.w(), kw, sw);
        Tensor out = new Tensor(ph[0], pw[0], filters);
        float[] kernel = layer.weights().get("kernel");
        int cin = x.c();
        float[] o = out.data();
        float[] in = x.data();
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                int base = (oy * out.w() + ox) * filters;
                for (int ky = 0; ky < kh; ky++) {
                    int iy = oy * sh + ky - ph[1];
                    if (iy < 0 || iy >= x.h()) {
                        continue;
                    }
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ox * sw + kx - pw[1];
                        if (ix < 0 || ix >= x.w()) {
                            continue;
                        }
                        int inBase = (iy * x.w() + ix) * cin;
                        int kBase = (ky * kw + kx) * cin * filters;
                        for (int ci = 0; ci < cin; ci++) {
                            float v = in[inBase + ci];
                            int k = kBase + ci * filters;
                            for (int f = 0; f < filters; f++) {
                                o[base + f] += v * kernel[k + f];
                            }
                        }
                    }
                }
            }
        }
        return activate(bias(out, layer), config);
    }

    private static Tensor depthwise(Tensor x, Layer layer) {
        JsonNode config = layer.config();
        int kh = config.at("/kernel_size/0").asInt();
        int kw = config.at("/kernel_size/1").asInt();
        int sh = config.at("/strides/0").asInt();
        int sw = config.at("/strides/1").asInt();
        if (config.path("depth_multiplier").asInt(1) != 1) {
            throw new IllegalStateException("depth_multiplier other than 1 is not supported");
        }
        int[] ph = padding(config, x.h(), kh, sh);
        int[] pw = padding(config, x.w(), kw, sw);
        int c = x.c();
        Tensor out = new Tensor(ph[0], pw[0], c);
        float[] kernel = layer.weights().get("depthwise_kernel");
        float[] o = out.data();
        float[] in = x.data();
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                int base = (oy * out.w() + ox) * c;
                for (int ky = 0; ky < kh; ky++) {
                    int iy = oy * sh + ky - ph[1];
                    if (iy < 0 || iy >= x.h()) {
                        continue;
                    }
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ox * sw + kx - pw[1];
                        if (ix < 0 || ix >= x.w()) {
                            continue;
                        }
                        int inBase = (iy * x.w() + ix) * c;
                        int kBase = (ky * kw + kx) * c;
                        for (int ch = 0; ch < c; ch++) {
                            o[base + ch] += in[inBase + ch] * kernel[kBase + ch];
                        }
                    }
                }
            }
        }
        return activate(bias(out, layer), config);
    }

    private static Tensor bias(Tensor x, Layer layer) {
        float[] bias = layer.weights().get(layer.type().equals("DepthwiseConv2D") ? "depthwise_bias" : "bias");
        if (!layer.config().path("use_bias").asBoolean(false) || bias == null) {
            return x;
        }
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += bias[i % x.c()];
        }
        return x;
    }

    private static Tensor batchNorm(Tensor x, Layer layer) {
        float eps = (float) layer.config().get("epsilon").asDouble();
        float[] gamma = layer.weights().get("gamma");
        float[] beta = layer.weights().get("beta");
        float[] mean = layer.weights().get("moving_mean");
        float[] variance = layer.weights().get("moving_variance");
        int c = x.c();
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = (gamma == null ? 1 : gamma[ch]) / (float) Math.sqrt(variance[ch] + eps);
            shift[ch] = (beta == null ? 0 : beta[ch]) - mean[ch] * scale[ch];
        }
        Tensor out = new Tensor(x.h(), x.w(), c);
        float[] in = x.data();
        float[] o = out.data();
        for (int i = 0; i < in.length; i++) {
            int ch = i % c;
            o[i] = in[i] * scale[ch] + shift[ch];
        }
        return out;
    }

    private static Tensor relu(Tensor x, JsonNode config) {
        float max = config.hasNonNull("max_value") ? (float) config.get("max_value").asDouble() : Float.MAX_VALUE;
        if (config.path("negative_slope").asDouble(0) != 0 || config.path("threshold").asDouble(0) != 0) {
            throw new IllegalStateException("only plain ReLU (with an optional max_value) is supported");
        }
        Tensor out = new Tensor(x.h(), x.w(), x.c());
        float[] in = x.data();
        float[] o = out.data();
        for (int i = 0; i < in.length; i++) {
            o[i] = Math.min(Math.max(in[i], 0), max);
        }
        return out;
    }

    private static Tensor add(List<Tensor> inputs) {
        Tensor first = inputs.getFirst();
        Tensor out = new Tensor(first.h(), first.w(), first.c());
        for (Tensor t : inputs) {
            for (int i = 0; i < t.data().length; i++) {
                out.data()[i] += t.data()[i];
            }
        }
        return out;
    }

    private static Tensor averagePool(Tensor x, JsonNode config) {
        int kh = config.at("/pool_size/0").asInt();
        int kw = config.at("/pool_size/1").asInt();
        int sh = config.at("/strides/0").asInt();
        int sw = config.at("/strides/1").asInt();
        if (!config.get("padding").asText().equals("valid")) {
            throw new IllegalStateException("only valid average pooling is supported");
        }
        int c = x.c();
        Tensor out = new Tensor((x.h() - kh) / sh + 1, (x.w() - kw) / sw + 1, c);
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int inBase = ((oy * sh + ky) * x.w() + ox * sw + kx) * c;
                        for (int ch = 0; ch < c; ch++) {
                            out.data()[(oy * out.w() + ox) * c + ch] += x.data()[inBase + ch] / (kh * kw);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Tensor dense(Tensor x, Layer layer) {
        int units = layer.config().get("units").asInt();
        float[] kernel = layer.weights().get("kernel");
        float[] bias = layer.weights().get("bias");
        float[] in = x.data();
        Tensor out = new Tensor(1, 1, units);
        float[] o = out.data();
        for (int i = 0; i < in.length; i++) {
            for (int u = 0; u < units; u++) {
                o[u] += in[i] * kernel[i * units + u];
            }
        }
        if (bias != null && layer.config().path("use_bias").asBoolean(true)) {
            for (int u = 0; u < units; u++) {
                o[u] += bias[u];
            }
        }
        return activate(out, layer.config());
    }

    private static Tensor activate(Tensor x, JsonNode config) {
        String activation = config.path("activation").asText("linear");
        float[] d = x.data();
        switch (activation) {
            case "linear" -> {
            }
            case "relu" -> {
                for (int i = 0; i < d.length; i++) {
                    d[i] = Math.max(d[i], 0);
                }
            }
            case "softmax" -> {
                float max = Float.NEGATIVE_INFINITY;
                for (float v : d) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) Math.exp(d[i] - max);
                    sum += d[i];
                }
                for (int i = 0; i < d.length; i++) {
                    d[i] /= (float) sum;
                }
            }
            default -> throw new IllegalStateException("activation " + activation + " is not supported");
        }
        return x;
    }
}
