package dev.upshot.moderation.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A model the translation does not know fails at load with a message naming the layer, never with wrong scores. */
class KerasToOnnxTest {

    private static KerasBundle.Layer layer(String name, String type, String config, String... inputs) throws IOException {
        JsonNode json = KerasBundle.readObject("exports=" + config);
        return new KerasBundle.Layer(name, type, json, List.of(inputs), Map.of());
    }

    /** A model of an 8×8 RGB input and {@code layer} reading it fails to translate with {@code message}. */
    private static void assertRefused(String message, KerasBundle.Layer layer) throws IOException {
        KerasBundle model = new KerasBundle(List.of(layer("input_1", "InputLayer", "{batch_input_shape:[null,8,8,3]}"),
                layer), layer.name());
        IOException e = assertThrows(IOException.class, () -> KerasToOnnx.convert(model));
        assertEquals(message, e.getMessage());
    }

    @Test
    void unknownLayerTypeIsRefused() throws IOException {
        assertRefused("layer type LSTM (lstm) is not supported", layer("lstm", "LSTM", "{units:4}", "input_1"));
    }

    @Test
    void leakyReluIsRefused() throws IOException {
        assertRefused("only plain ReLU (with an optional max_value) is supported: leaky",
                layer("leaky", "ReLU", "{max_value:6,negative_slope:.1,threshold:0}", "input_1"));
    }

    @Test
    void batchNormThatCannotBeFoldedIsRefused() throws IOException {
        assertRefused("BatchNormalization bn does not follow a convolution it can be folded into",
                layer("bn", "BatchNormalization", "{epsilon:.001}", "input_1"));
    }

    @Test
    void channelsFirstIsRefused() throws IOException {
        assertRefused("only channels_last layers are supported: pool",
                layer("pool", "AveragePooling2D", "{pool_size:[2,2],strides:[2,2],padding:'valid',data_format:'channels_first'}",
                        "input_1"));
    }
}
