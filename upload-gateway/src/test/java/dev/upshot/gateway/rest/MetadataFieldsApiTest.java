package dev.upshot.gateway.rest;

import com.cloudinary.Api;
import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.api.exceptions.BadRequest;
import com.cloudinary.metadata.DateMetadataField;
import com.cloudinary.metadata.MetadataDataSource;
import com.cloudinary.metadata.MetadataValidation;
import com.cloudinary.metadata.SetMetadataField;
import com.cloudinary.metadata.StringMetadataField;
import com.cloudinary.utils.ObjectUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The structured metadata Admin API as the official SDKs call it (the Java SDK here, the Node SDK's JSON bodies
 * through RestAssured), with the shapes and wording their own tests check.
 */
@QuarkusTest
class MetadataFieldsApiTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aDefinitionAlwaysShowsItsKeysAndGetsAGeneratedExternalId() throws Exception {
        Api api = SdkClients.cloudinary(base).api();
        StringMetadataField field = new StringMetadataField();
        field.setLabel("Plain " + UUID.randomUUID());
        ApiResponse created = api.addMetadataField(field);
        String id = (String) created.get("external_id");
        assertFalse(id == null || id.isEmpty(), created.toString());
        ApiResponse shown = api.metadataFieldByFieldId(id);
        for (String key : List.of("type", "external_id", "label", "mandatory", "default_value", "validation")) {
            assertTrue(shown.containsKey(key), key + " in " + shown);
        }
        assertNull(shown.get("default_value"));
        assertNull(shown.get("validation"));
        assertEquals(false, shown.get("mandatory"));
    }

    @Test
    void aDefaultValueItsValidationRefusesIsInvalid() throws Exception {
        Api api = SdkClients.cloudinary(base).api();
        Date max = new Date();
        Date min = new Date(max.getTime() - 72 * 3600_000L);
        DateMetadataField field = new DateMetadataField();
        field.setLabel("Start date " + UUID.randomUUID());
        field.setValidation(new MetadataValidation.AndValidator(List.of(new MetadataValidation.DateGreaterThan(min),
                new MetadataValidation.DateLessThan(max))));
        field.setDefaultValue(new Date(max.getTime() + 36 * 3600_000L));
        BadRequest refused = assertThrows(BadRequest.class, () -> api.addMetadataField(field));
        assertEquals("default_value is invalid", refused.getMessage());
        field.setDefaultValue(new Date(min.getTime() + 36 * 3600_000L));
        assertEquals(field.getLabel(), api.addMetadataField(field).get("label"));
    }

    @Test
    void deletedDatasourceValuesAreNoLongerListedUntilRestored() throws Exception {
        Api api = SdkClients.cloudinary(base).api();
        String id = "set_" + UUID.randomUUID().toString().replace("-", "");
        SetMetadataField field = new SetMetadataField();
        field.setExternalId(id);
        field.setLabel(id);
        field.setDataSource(new MetadataDataSource(List.of(new MetadataDataSource.Entry("id1", "first_value"),
                new MetadataDataSource.Entry("id2", "second_value"), new MetadataDataSource.Entry("id3", "third_value"))));
        api.addMetadataField(field);

        ApiResponse left = api.deleteDatasourceEntries(id, List.of("id1"));
        assertEquals(List.of("id2", "id3"), valueIds(left));
        assertEquals(List.of("id2", "id3"), valueIds((Map<?, ?>) api.metadataFieldByFieldId(id).get("datasource")));
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "metadata-set/" + UUID.randomUUID();
        cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4), ObjectUtils.asMap("public_id", publicId));
        RuntimeException inactive = assertThrows(RuntimeException.class, () -> cloudinary.uploader()
                .updateMetadata(ObjectUtils.asMap(id, List.of("id1")), new String[]{publicId}, null));
        assertTrue(inactive.getMessage().contains("id1"), inactive.getMessage());

        ApiResponse restored = api.restoreDatasourceEntries(id, List.of("id1"));
        assertEquals(List.of("id1", "id2", "id3"), valueIds(restored));
        assertEquals(List.of(publicId), cloudinary.uploader().updateMetadata(ObjectUtils.asMap(id, List.of("id1")),
                new String[]{publicId}, null).get("public_ids"));
    }

    @Test
    void datasourceValuesAreOrderedByValue() {
        String id = "enum_" + UUID.randomUUID().toString().replace("-", "");
        admin().body("{\"external_id\":\"" + id + "\",\"label\":\"" + id + "\",\"type\":\"enum\",\"datasource\":"
                + "{\"values\":[{\"value\":\"v3\"},{\"value\":\"v2\"},{\"value\":\"v4\"}]}}")
                .post(url("metadata_fields")).then().statusCode(200);
        Response desc = admin().body("{\"order_by\":\"value\",\"direction\":\"desc\"}")
                .post(url("metadata_fields/" + id + "/datasource/order"));
        assertEquals(200, desc.statusCode(), desc.asString());
        assertEquals(List.of("v4", "v3", "v2"), desc.jsonPath().getList("values.value"));
        Response asc = admin().body("{\"order_by\":\"value\",\"direction\":\"asc\"}")
                .post(url("metadata_fields/" + id + "/datasource/order"));
        assertEquals(List.of("v2", "v3", "v4"), asc.jsonPath().getList("values.value"));
        assertEquals(List.of("v2", "v3", "v4"), admin().get(url("metadata_fields/" + id)).jsonPath()
                .getList("datasource.values.value"));
        Response refused = admin().body("{\"order_by\":\"external_id\"}")
                .post(url("metadata_fields/" + id + "/datasource/order"));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.jsonPath().getString("error.message").contains("order_by"), refused.asString());
    }

    @Test
    void fieldsAreReorderedAndListedInTheirNewOrder() throws Exception {
        Api api = SdkClients.cloudinary(base).api();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (String label : List.of("~~zzz" + run, "!!aaa" + run, "mmm" + run)) {
            StringMetadataField field = new StringMetadataField();
            field.setLabel(label);
            api.addMetadataField(field);
        }
        assertTrue(firstLabel(api.reorderMetadataFields("label", null, Map.of())).startsWith("!!aaa"));
        assertTrue(firstLabel(api.reorderMetadataFields("label", "desc", Map.of())).startsWith("~~zzz"));
        assertTrue(firstLabel(api.listMetadataFields()).startsWith("~~zzz"), "the order is kept");
        // the Node SDK sends JSON
        Response asc = admin().body("{\"order_by\":\"label\",\"direction\":\"asc\"}").put(url("metadata_fields/order"));
        assertEquals(200, asc.statusCode(), asc.asString());
        assertTrue(asc.jsonPath().getString("metadata_fields[0].label").startsWith("!!aaa"), asc.asString());
        assertEquals(400, admin().body("{\"order_by\":\"colour\"}").put(url("metadata_fields/order")).statusCode());
    }

    @Test
    void anExistingExternalIdIsRefusedInCloudinaryWords() throws Exception {
        Api api = SdkClients.cloudinary(base).api();
        StringMetadataField field = new StringMetadataField();
        field.setExternalId("dup_" + UUID.randomUUID().toString().replace("-", ""));
        field.setLabel("Dup");
        api.addMetadataField(field);
        BadRequest refused = assertThrows(BadRequest.class, () -> api.addMetadataField(field));
        assertTrue(refused.getMessage().contains("external id " + field.getExternalId() + " already exists"),
                refused.getMessage());
    }

    private static List<?> valueIds(Map<?, ?> datasource) {
        return ((List<?>) datasource.get("values")).stream().map(v -> ((Map<?, ?>) v).get("external_id")).toList();
    }

    private static String firstLabel(ApiResponse fields) {
        return (String) ((Map<?, ?>) ((List<?>) fields.get("metadata_fields")).getFirst()).get("label");
    }

    private String url(String path) {
        return base + "v1_1/" + SdkClients.config("cloud-name") + "/" + path;
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return RestAssured.given().auth().preemptive().basic(SdkClients.config("api-key"),
                SdkClients.config("api-secret")).contentType("application/json");
    }
}
