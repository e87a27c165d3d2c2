package dev.upshot.moderation.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a {@link KerasBundle} into an ONNX model (IR 7, opset 13) that ONNX Runtime runs. It knows the layer
 * types MobileNetV2 classifiers use and refuses any other, so a model it cannot translate fails at load, not with
 * wrong scores:
 * <ul>
 * <li>the NHWC input is transposed once to ONNX's NCHW;</li>
 * <li>Conv2D and DepthwiseConv2D ({@code group} = channels) become Conv, with the BatchNormalization that follows
 * folded into their weights and bias; TensorFlow's "same" padding (odd pixel at the end) is {@code SAME_UPPER};</li>
 * <li>ZeroPadding2D → Pad, ReLU with {@code max_value} → Clip (ReLU6), Add → Add, AveragePooling2D → AveragePool,
 * Flatten → back to NHWC order then Flatten, Dense → Gemm, Dropout is the identity;</li>
 * <li>activations linear, relu, softmax.</li>
 * </ul>
 * The protobuf messages are written field by field ({@link CodedOutputStream}; field numbers of onnx.proto): the
 * few this needs do not justify generated classes.
 */
public final class KerasToOnnx {
    /** The graph's input: one image, NHWC float32 as Keras takes it. Its only output is the output layer's. */
    public static final String INPUT = "input";

    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final List<String> SUPPORTED = List.of("InputLayer", "ZeroPadding2D", "Conv2D", "DepthwiseConv2D",
            "BatchNormalization", "ReLU", "Add", "AveragePooling2D", "Flatten", "Dense", "Dropout");

    private final Proto graph = new Proto();
    /** Keras layer name → the ONNX value holding its output (layers folded away or the identity share one). */
    private final Map<String, String> values = new HashMap<>();
    /** Keras layer name → the layers that read its output. */
    private final Map<String, List<KerasBundle.Layer>> readers = new HashMap<>();

    private KerasToOnnx() {
    }

    /** The serialised ONNX model of {@code model}, ready for {@code OrtEnvironment.createSession(byte[])}. */
    public static byte[] convert(KerasBundle model) throws IOException {
        KerasToOnnx onnx = new KerasToOnnx();
        for (KerasBundle.Layer layer : model.layers()) {
            if (!SUPPORTED.contains(layer.type())) {
                throw new IOException("layer type " + layer.type() + " (" + layer.name() + ") is not supported");
            }
            layer.inputs().forEach(in -> onnx.readers.computeIfAbsent(in, k -> new ArrayList<>()).add(layer));
        }
        for (KerasBundle.Layer layer : model.layers()) {
            onnx.layer(layer);
        }
        onnx.graph.message(12, valueInfo(onnx.values.get(model.output()), null));
        onnx.graph.string(2, "nsfwjs");
        return new Proto()
                .int64(1, 7) // IR version 7: opset 13's
                .string(2, "upshot")
                .message(7, onnx.graph)
                .message(8, new Proto().string(1, "").int64(2, 13))
                .bytes();
    }

    private void layer(KerasBundle.Layer layer) throws IOException {
        JsonNode config = layer.config();
        String name = layer.name();
        List<String> in = layer.inputs().stream().map(values::get).toList();
        if (!config.path("data_format").asText("channels_last").equals("channels_last")) {
            throw new IOException("only channels_last layers are supported: " + name);
        }
        switch (layer.type()) {
            case "InputLayer" -> {
                JsonNode shape = config.get("batch_input_shape");
                graph.message(11, valueInfo(INPUT, new long[]{1, shape.get(1).asLong(), shape.get(2).asLong(),
                        shape.get(3).asLong()}));
                node("Transpose", List.of(INPUT), name, ints("perm", 0, 3, 1, 2));
            }
            case "ZeroPadding2D" -> {
                JsonNode p = config.get("padding");
                String pads = initializer(name + "/pads", new long[]{8}, null, new long[]{0, 0,
                        p.at("/0/0").asLong(), p.at("/1/0").asLong(), 0, 0, p.at("/0/1").asLong(), p.at("/1/1").asLong()});
                node("Pad", List.of(in.getFirst(), pads), name);
            }
            case "Conv2D", "DepthwiseConv2D" -> conv(layer, in.getFirst(), batchNormAfter(layer));
            case "BatchNormalization" -> {
                if (!values.containsKey(name)) {
                    throw new IOException("BatchNormalization " + name + " does not follow a convolution it can be folded into");
                }
            }
            case "ReLU" -> {
                if (config.path("negative_slope").asDouble(0) != 0 || config.path("threshold").asDouble(0) != 0) {
                    throw new IOException("only plain ReLU (with an optional max_value) is supported: " + name);
                }
                if (config.hasNonNull("max_value")) {
                    node("Clip", List.of(in.getFirst(), scalar(name + "/min", 0),
                            scalar(name + "/max", (float) config.get("max_value").asDouble())), name);
                } else {
                    node("Relu", in, name);
                }
            }
            case "Add" -> {
                String sum = in.getFirst();
                for (int i = 1; i < in.size(); i++) {
                    sum = node("Add", List.of(sum, in.get(i)), i == in.size() - 1 ? name : name + "/" + i);
                }
            }
            case "AveragePooling2D" -> {
                if (!config.get("padding").asText().equals("valid")) {
                    throw new IOException("only valid average pooling is supported: " + name);
                }
                node("AveragePool", in, name, pair("kernel_shape", config.get("pool_size")), pair("strides", config.get("strides")));
            }
            case "Flatten" -> node("Flatten", List.of(node("Transpose", in, name + "/nhwc", ints("perm", 0, 2, 3, 1))), name);
            case "Dropout" -> values.put(name, in.getFirst());
            case "Dense" -> dense(layer, in.getFirst());
            default -> throw new IllegalStateException(layer.type());
        }
    }

    /**
     * The BatchNormalization over channels that is the only reader of a linear convolution's output, if any: folded
     * into it.
     */
    private KerasBundle.Layer batchNormAfter(KerasBundle.Layer conv) {
        List<KerasBundle.Layer> next = readers.getOrDefault(conv.name(), List.of());
        if (next.size() != 1 || !next.getFirst().type().equals("BatchNormalization")
                || !conv.config().path("activation").asText("linear").equals("linear")) {
            return null;
        }
        int axis = next.getFirst().config().path("axis").asInt(-1);
        return axis == -1 || axis == 3 ? next.getFirst() : null;
    }

    /**
     * Conv with OIHW weights from Keras's HWIO kernel ({@code kh × kw × in × out}) or depthwise kernel
     * ({@code kh × kw × channels × multiplier}, output channel {@code c × multiplier + m}, one group per channel).
     * A following batch norm {@code y = γ (x − mean) / √(var + ε) + β} becomes a per-output-channel scale of the
     * weights and a bias.
     */
    private void conv(KerasBundle.Layer layer, String in, KerasBundle.Layer bn) throws IOException {
        JsonNode config = layer.config();
        boolean depthwise = layer.type().equals("DepthwiseConv2D");
        KerasBundle.Weight kernel = layer.weight(depthwise ? "depthwise_kernel" : "kernel");
        int[] k = kernel.shape();
        int kh = k[0], kw = k[1], a = k[2], b = k[3];
        int outChannels = depthwise ? a * b : b;
        int inPerGroup = depthwise ? 1 : a;
        double[] scale = new double[outChannels];
        double[] bias = new double[outChannels];
        Arrays.fill(scale, 1);
        if (config.path("use_bias").asBoolean(false)) {
            float[] own = layer.weight(depthwise ? "depthwise_bias" : "bias").values();
            for (int o = 0; o < outChannels; o++) {
                bias[o] = own[o];
            }
        }
        String out = layer.name();
        if (bn != null) {
            double eps = bn.config().get("epsilon").asDouble();
            float[] mean = bn.weight("moving_mean").values();
            float[] variance = bn.weight("moving_variance").values();
            KerasBundle.Weight gamma = bn.weights().get("gamma");
            KerasBundle.Weight beta = bn.weights().get("beta");
            for (int o = 0; o < outChannels; o++) {
                scale[o] = (gamma == null ? 1 : gamma.values()[o]) / Math.sqrt(variance[o] + eps);
                bias[o] = (bias[o] - mean[o]) * scale[o] + (beta == null ? 0 : beta.values()[o]);
            }
            out = bn.name();
        }
        float[] weights = new float[kernel.values().length];
        float[] biases = new float[outChannels];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < a; i++) {
                    for (int j = 0; j < b; j++) {
                        int o = depthwise ? i * b + j : j;
                        int c = depthwise ? 0 : i;
                        weights[((o * inPerGroup + c) * kh + y) * kw + x] =
                                (float) (kernel.values()[((y * kw + x) * a + i) * b + j] * scale[o]);
                    }
                }
            }
        }
        for (int o = 0; o < outChannels; o++) {
            biases[o] = (float) bias[o];
        }
        List<String> inputs = List.of(in,
                initializer(layer.name() + "/W", new long[]{outChannels, inPerGroup, kh, kw}, weights, null),
                initializer(layer.name() + "/B", new long[]{outChannels}, biases, null));
        activated("Conv", inputs, out, config, 1, pair("kernel_shape", config.get("kernel_size")),
                pair("strides", config.get("strides")), pair("dilations", config.get("dilation_rate")),
                attribute("group", depthwise ? a : 1),
                attribute("auto_pad", config.get("padding").asText().equals("same") ? "SAME_UPPER" : "VALID"));
    }

    /** Gemm: Keras's kernel ({@code in × units}) is already the B of {@code A × B + C}. */
    private void dense(KerasBundle.Layer layer, String in) throws IOException {
        KerasBundle.Weight kernel = layer.weight("kernel");
        int units = kernel.shape()[1];
        float[] bias = layer.config().path("use_bias").asBoolean(true) && layer.weights().containsKey("bias")
                ? layer.weight("bias").values() : new float[units];
        activated("Gemm", List.of(in,
                initializer(layer.name() + "/W", new long[]{kernel.shape()[0], units}, kernel.values(), null),
                initializer(layer.name() + "/B", new long[]{units}, bias, null)), layer.name(), layer.config(), -1);
    }

    /**
     * The node {@code op}, then the layer's activation (linear, relu, softmax over the channel {@code axis}), the
     * last of them producing {@code out}.
     */
    private void activated(String op, List<String> inputs, String out, JsonNode config, int axis, Proto... attributes)
            throws IOException {
        String activation = config.path("activation").asText("linear");
        if (activation.equals("linear")) {
            node(op, inputs, out, attributes);
            return;
        }
        String value = node(op, inputs, out + "/" + op, attributes);
        switch (activation) {
            case "relu" -> node("Relu", List.of(value), out);
            case "softmax" -> node("Softmax", List.of(value), out, attribute("axis", axis));
            default -> throw new IOException("activation " + activation + " is not supported");
        }
    }

    // ---- ONNX messages ----------------------------------------------------------------------------------------

    /** Adds a NodeProto; returns its output value, which is also recorded as the Keras layer {@code out}'s. */
    private String node(String op, List<String> inputs, String out, Proto... attributes) {
        Proto node = new Proto();
        inputs.forEach(i -> node.string(1, i));
        node.string(2, out).string(3, out).string(4, op);
        for (Proto attribute : attributes) {
            node.message(5, attribute);
        }
        graph.message(1, node);
        values.put(out, out);
        return out;
    }

    /** A TensorProto initialiser: floats as little-endian raw data, or int64s. */
    private String initializer(String name, long[] dims, float[] floats, long[] longs) {
        Proto tensor = new Proto();
        for (long d : dims) {
            tensor.int64(1, d);
        }
        tensor.int64(2, floats != null ? FLOAT : INT64).string(8, name);
        if (floats != null) {
            ByteBuffer raw = ByteBuffer.allocate(floats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(floats);
            tensor.raw(9, raw.array());
        } else {
            tensor.packedInt64(7, longs);
        }
        graph.message(5, tensor);
        return name;
    }

    private String scalar(String name, float value) {
        return initializer(name, new long[0], new float[]{value}, null);
    }

    /** AttributeProto INT. */
    private static Proto attribute(String name, long value) {
        return new Proto().string(1, name).int64(20, 2).int64(3, value);
    }

    /** AttributeProto STRING. */
    private static Proto attribute(String name, String value) {
        return new Proto().string(1, name).int64(20, 3).string(4, value);
    }

    /** AttributeProto INTS. */
    private static Proto ints(String name, long... values) {
        Proto attribute = new Proto().string(1, name).int64(20, 7);
        for (long v : values) {
            attribute.int64(8, v);
        }
        return attribute;
    }

    /** AttributeProto INTS from a Keras pair such as {@code kernel_size: [3, 3]}. */
    private static Proto pair(String name, JsonNode pair) {
        return ints(name, pair.get(0).asLong(), pair.get(1).asLong());
    }

    /** ValueInfoProto of a float tensor, of the given shape or of unknown shape ({@code null}). */
    private static Proto valueInfo(String name, long[] shape) {
        Proto tensorType = new Proto().int64(1, FLOAT);
        if (shape != null) {
            Proto dims = new Proto();
            for (long d : shape) {
                dims.message(1, new Proto().int64(1, d));
            }
            tensorType.message(2, dims);
        }
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** One protobuf message being written; nested messages are written whole, length-prefixed. */
    private static final class Proto {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

        private interface Write {
            void to(CodedOutputStream out) throws IOException;
        }

        private Proto write(Write write) {
            try {
                write.to(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return this;
        }

        Proto string(int field, String value) {
            return write(o -> o.writeString(field, value));
        }

        Proto int64(int field, long value) {
            return write(o -> o.writeInt64(field, value));
        }

        Proto raw(int field, byte[] value) {
            return write(o -> o.writeByteArray(field, value));
        }

        Proto packedInt64(int field, long[] values) {
            return write(o -> {
                int size = 0;
                for (long v : values) {
                    size += CodedOutputStream.computeInt64SizeNoTag(v);
                }
                o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                o.writeUInt32NoTag(size);
                for (long v : values) {
                    o.writeInt64NoTag(v);
                }
            });
        }

        Proto message(int field, Proto message) {
            return write(o -> o.writeByteArray(field, message.bytes()));
        }

        byte[] bytes() {
            write(CodedOutputStream::flush);
            return buffer.toByteArray();
        }
    }
}
