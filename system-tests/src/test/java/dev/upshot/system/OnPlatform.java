package dev.upshot.system;

import com.cloudinary.Cloudinary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;

/**
 * What a system test class that drives the shared {@link Platform} starts with: the platform (started once for every
 * class) and the SDK pointed at its gateway. A subclass's own {@code @BeforeAll} runs after this one.
 */
abstract class OnPlatform {
    static final ObjectMapper JSON = new ObjectMapper();
    static Platform platform;
    static Cloudinary cloudinary;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.get();
        cloudinary = platform.cloudinary;
    }

    /** An SDK answer as a JSON tree. */
    static JsonNode json(Object sdkResult) {
        return JSON.valueToTree(sdkResult);
    }
}
