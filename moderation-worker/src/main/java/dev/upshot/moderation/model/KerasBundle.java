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
 * A Keras layers model as TF.js ships it inside nsfwjs: topology JSON and uint8-quantised weights, both wrapped in
 * browserify bundles. Weights are dequantised to float32 exactly as TF.js does ({@code min + scale × byte}).
 *
 * @param layers in topological order, as the topology lists them
 * @param output the name of the layer whose value is the model's output
 */
public record KerasBundle(List<Layer> layers, String output) {

    /** A weight tensor in Keras's layout (e.g. a Conv2D kernel is {@code kh × kw × in × out}), row-major. */
    public record Weight(int[] shape, float[] values) {
    }

    /** One layer: its Keras class name, config, the layers it reads and its weights by short name ("kernel"). */
    public record Layer(String name, String type, JsonNode config, List<String> inputs, Map<String, Weight> weights) {

        /** A weight the layer must have. */
        public Weight weight(String key) throws IOException {
            Weight w = weights.get(key);
            if (w == null) {
                throw new IOException("layer " + name + " has no weight " + key);
            }
            return w;
        }
    }

    /**
     * Loads nsfwjs-style files: {@code model.min.js} (a bundle exporting {@code {modelTopology, weightsManifest}})
     * and the weight shards it names ({@code <path>.min.js}, each exporting the shard as base64).
     */
    public static KerasBundle load(Path dir) throws IOException {
        JsonNode model = readObject(Files.readString(dir.resolve("model.min.js")));
        JsonNode config = model.at("/modelTopology/model_config/config");
        Map<String, Weight> weights = new HashMap<>();
        for (JsonNode group : model.get("weightsManifest")) {
            readGroup(dir, group, weights);
        }
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : config.get("layers")) {
            String name = layer.get("name").asText();
            List<String> inputs = new ArrayList<>();
            for (JsonNode node : layer.get("inbound_nodes")) {
                node.forEach(in -> inputs.add(in.get(0).asText()));
            }
            Map<String, Weight> own = new HashMap<>();
            weights.forEach((key, value) -> {
                if (key.startsWith(name + "/")) {
                    own.put(key.substring(name.length() + 1), value);
                }
            });
            layers.add(new Layer(name, layer.get("class_name").asText(), layer.get("config"), inputs, own));
        }
        return new KerasBundle(layers, config.at("/output_layers/0/0").asText());
    }

    /** One manifest group: its shards concatenated, then cut into the weights it lists, in order. */
    private static void readGroup(Path dir, JsonNode group, Map<String, Weight> into) throws IOException {
        List<byte[]> shards = new ArrayList<>();
        int total = 0;
        for (JsonNode path : group.get("paths")) {
            byte[] shard = Base64.getDecoder().decode(readString(Files.readString(dir.resolve(path.asText() + ".min.js"))));
            shards.add(shard);
            total += shard.length;
        }
        byte[] bytes = new byte[total];
        int at = 0;
        for (byte[] shard : shards) {
            System.arraycopy(shard, 0, bytes, at, shard.length);
            at += shard.length;
        }
        at = 0;
        for (JsonNode weight : group.get("weights")) {
            int[] shape = new int[weight.get("shape").size()];
            int size = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = weight.get("shape").get(i).asInt();
                size *= shape[i];
            }
            JsonNode q = weight.get("quantization");
            if (q == null || !q.path("dtype").asText().equals("uint8")) {
                throw new IOException("only uint8-quantised weights are supported: " + weight.get("name"));
            }
            double min = q.get("min").asDouble();
            double scale = q.get("scale").asDouble();
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = (float) (min + scale * (bytes[at + i] & 0xff));
            }
            at += size;
            into.put(weight.get("name").asText(), new Weight(shape, values));
        }
    }

    private static final ObjectMapper JS_LITERALS = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    /** The object literal after {@code exports=} in a browserify bundle, minifier booleans ({@code !0}) restored. */
    static JsonNode readObject(String bundle) throws IOException {
        int start = bundle.indexOf("exports={");
        if (start < 0) {
            throw new IOException("no exported object literal");
        }
        start += "exports=".length();
        StringBuilder literal = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = start; i < bundle.length(); i++) {
            char ch = bundle.charAt(i);
            if (quote != 0) {
                literal.append(ch);
                if (ch == '\\') {
                    literal.append(bundle.charAt(++i));
                } else if (ch == quote) {
                    quote = 0;
                }
                continue;
            }
            if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (ch == '!' && i + 1 < bundle.length() && (bundle.charAt(i + 1) == '0' || bundle.charAt(i + 1) == '1')) {
                literal.append(bundle.charAt(++i) == '0' ? "true" : "false");
                continue;
            } else if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                depth--;
            }
            literal.append(ch);
            if (depth == 0) {
                return JS_LITERALS.readTree(literal.toString());
            }
        }
        throw new IOException("unterminated object literal");
    }

    /** The string literal after {@code exports=} in a browserify bundle (a base64 weight shard). */
    static String readString(String bundle) throws IOException {
        int start = bundle.indexOf("exports=\"");
        if (start < 0) {
            throw new IOException("no exported string literal");
        }
        start += "exports=\"".length();
        int end = bundle.indexOf('"', start);
        return bundle.substring(start, end);
    }
}
