package dev.upshot.gateway.rest;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The Admin API's one authentication filter guards every endpoint of its resource classes. */
@QuarkusTest
class AdminAuthenticationTest {
    private static final List<Class<?>> ADMIN_API = List.of(PingResource.class, AssetsResource.class,
            ModerationResource.class, UploadPresetsResource.class, MetadataFieldsResource.class,
            MetadataDatasourceResource.class, TriggerResource.class, TagsResource.class);

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyEndpointAnswers401InCloudinarysShapeWithoutTheAccountsCredentials() throws Exception {
        String wrongSecret = "Basic " + Base64.getEncoder().encodeToString(
                (SdkClients.config("api-key") + ":wrong").getBytes(StandardCharsets.UTF_8));
        List<String> unguarded = new ArrayList<>();
        int calls = 0;
        for (Class<?> type : ADMIN_API) {
            assertNotNull(type.getAnnotation(AdminApi.class), type.getSimpleName() + " is not @AdminApi");
            for (Method method : type.getDeclaredMethods()) {
                String verb = OpenApiDriftTest.verb(method);
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = OpenApiDriftTest.normalise(type.getAnnotation(Path.class).value() + "/"
                                + (sub == null ? "" : sub.value()))
                        .replace("{cloud}", SdkClients.config("cloud-name")).replaceAll("\\{[^}]+}", "x");
                for (String authorization : new String[]{null, wrongSecret}) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                            .method(verb, HttpRequest.BodyPublishers.noBody());
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    calls++;
                    if (answer.statusCode() != 401 || !answer.body().matches("\\{\"error\":\\{\"message\":\".+\"}}")) {
                        unguarded.add(verb + " " + path + " -> " + answer.statusCode() + " " + answer.body());
                    }
                }
            }
        }
        assertEquals(List.of(), unguarded);
        assertEquals(2 * 36, calls, "every Admin API operation was tried");
    }
}
