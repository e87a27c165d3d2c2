package dev.upshot.gateway.rest;

import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/openapi.yaml is what the gateway serves at /q/openapi, and it is true: real answers of the running gateway
 * (uploads, Admin API reads and writes, errors) validate against the schemas it gives for their path, method and
 * status. Swagger UI is served from the artifact, with no script from elsewhere.
 */
@QuarkusTest
class OpenApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode document;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void read() throws Exception {
        document = new YAMLMapper().readTree(OpenApiDriftTest.DOCUMENT.toFile());
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        JsonNode served = JSON.readTree(RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        assertEquals("3.1.0", served.path("openapi").asText());
        assertEquals(operations(document), operations(served));
        assertEquals(document.path("components").path("schemas"), served.path("components").path("schemas"));
    }

    @Test
    void swaggerUiComesFromTheArtifact() {
        String page = RestAssured.get("/q/swagger-ui/index.html").then().statusCode(200).extract().asString();
        assertTrue(page.contains("swagger-ui"), page);
        assertFalse(page.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no script or style from another host");
    }

    @Test
    void realAnswersFitTheirSchemas() throws Exception {
        String cloud = SdkClients.config("cloud-name");
        String prefix = "/v1_1/" + cloud;
        check("/v1_1/{cloud}/ping", "get", admin().get(prefix + "/ping"));
        check("/v1_1/{cloud}/ping", "get", RestAssured.given().auth().preemptive().basic("nobody", "wrong")
                .get(prefix + "/ping"));

        String id = "openapi/" + UUID.randomUUID();
        Map<?, ?> uploaded = SdkClients.cloudinary(base).uploader().upload(png(), ObjectUtils.asMap(
                "public_id", id, "tags", "contract", "context", "alt=x", "colors", true));
        validate("/v1_1/{cloud}/{resourceType}/upload", "post", 200, JSON.valueToTree(uploaded));
        check("/v1_1/{cloud}/{resourceType}/upload", "post", RestAssured.given().contentType(ContentType.URLENC)
                .formParam("public_id", "no-file").post(prefix + "/image/upload"));
        check("/v1_1/{cloud}/{resourceType}/upload", "post", RestAssured.given().contentType(ContentType.URLENC)
                .formParam("file", "data:image/png;base64,AAAA").formParam("api_key", "1").formParam("timestamp", "1")
                .formParam("signature", "x").post(prefix + "/image/upload"));

        check("/v1_1/{cloud}/resources/{resourceType}/{type}/{publicId}", "get",
                admin().get(prefix + "/resources/image/upload/" + id));
        check("/v1_1/{cloud}/resources/{resourceType}/{type}/{publicId}", "get",
                admin().get(prefix + "/resources/image/upload/no/such/asset"));
        check("/v1_1/{cloud}/resources/{resourceType}", "get", admin().get(prefix + "/resources/image"));
        check("/v1_1/{cloud}/resources/{resourceType}/{type}", "get",
                admin().queryParam("prefix", "openapi/").get(prefix + "/resources/image/upload"));

        String preset = "contract_" + UUID.randomUUID().toString().substring(0, 8);
        check("/v1_1/{cloud}/upload_presets", "post", admin().contentType(ContentType.URLENC)
                .formParam("name", preset).formParam("unsigned", "true").formParam("tags", "x")
                .post(prefix + "/upload_presets"));
        check("/v1_1/{cloud}/upload_presets", "get", admin().get(prefix + "/upload_presets"));
        check("/v1_1/{cloud}/upload_presets/{name}", "get", admin().get(prefix + "/upload_presets/" + preset));
        check("/v1_1/{cloud}/upload_presets/{name}", "delete", admin().delete(prefix + "/upload_presets/" + preset));
        check("/v1_1/{cloud}/metadata_fields", "get", admin().get(prefix + "/metadata_fields"));
        check("/v1_1/{cloud}/triggers", "get", admin().get(prefix + "/triggers"));
        check("/v1_1/{cloud}/resources/{resourceType}/moderations/{kind}/{status}", "get",
                admin().get(prefix + "/resources/image/moderations/manual/pending"));
    }

    private static RequestSpecification admin() {
        return RestAssured.given().auth().preemptive().basic(SdkClients.config("api-key"),
                SdkClients.config("api-secret"));
    }

    private static void check(String path, String method, Response response) throws Exception {
        validate(path, method, response.statusCode(), JSON.readTree(response.asString()));
    }

    /** Validates {@code body} against the document's schema for the operation's {@code status} answer. */
    private static void validate(String path, String method, int status, JsonNode body) {
        JsonNode answer = document.path("paths").path(path).path(method).path("responses").path(String.valueOf(status));
        assertFalse(answer.isMissingNode(), method + " " + path + " documents no " + status + " answer; got " + body);
        if (answer.has("$ref")) {
            answer = document.at(answer.get("$ref").asText().substring(1));
        }
        ObjectNode schema = answer.path("content").path("application/json").path("schema").deepCopy();
        schema.set("components", document.path("components"));   // for the schema's own #/components/… references
        Set<ValidationMessage> problems = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schema).validate(body);
        assertEquals(List.of(), problems.stream().map(ValidationMessage::getMessage).toList(),
                method.toUpperCase(Locale.ROOT) + " " + path + " " + status + ": " + body);
    }

    private static Set<String> operations(JsonNode openApi) {
        Set<String> operations = new TreeSet<>();
        openApi.path("paths").properties().forEach(p -> p.getValue().properties().forEach(o -> {
            if (!o.getKey().equals("parameters")) {
                operations.add(o.getKey() + " " + p.getKey());
            }
        }));
        return operations;
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        image.setRGB(20, 15, 0xCC2211);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
