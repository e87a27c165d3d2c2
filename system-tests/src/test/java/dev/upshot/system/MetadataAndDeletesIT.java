package dev.upshot.system;

import com.cloudinary.Api;
import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.api.exceptions.BadRequest;
import com.cloudinary.api.exceptions.NotFound;
import com.cloudinary.metadata.MetadataDataSource;
import com.cloudinary.metadata.MetadataField;
import com.cloudinary.metadata.MetadataFieldType;
import com.cloudinary.metadata.MetadataValidation;
import com.cloudinary.metadata.SetMetadataField;
import com.cloudinary.metadata.StringMetadataField;
import com.cloudinary.utils.ObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Java SDK's structured metadata, preset, update and delete methods on the packaged services:
 * the calls its own test suite makes, with the answers it checks.
 */
class MetadataAndDeletesIT {
    private static Cloudinary cloudinary;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        cloudinary = Platform.get().cloudinary;
        api = cloudinary.api();
    }

    @Test
    void metadataFieldsAndTheirDatasources() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringMetadataField text = new StringMetadataField();
        text.setLabel("!!first " + run);
        text.setValidation(new MetadataValidation.StringLength(3, 9));
        text.setDefaultValue("x");
        BadRequest invalid = assertThrows(BadRequest.class, () -> api.addMetadataField(text));
        assertEquals("default_value is invalid", invalid.getMessage());
        text.setDefaultValue("val_test");
        ApiResponse created = api.addMetadataField(text);
        String textId = (String) created.get("external_id");
        assertFalse(textId == null || textId.isEmpty(), "a generated external_id");

        SetMetadataField set = new SetMetadataField();
        set.setLabel("~~last " + run);
        set.setDataSource(new MetadataDataSource(List.of(new MetadataDataSource.Entry("id1", "first_value"),
                new MetadataDataSource.Entry("id2", "second_value"))));
        String setId = (String) api.addMetadataField(set).get("external_id");
        ApiResponse shown = api.metadataFieldByFieldId(setId);
        assertTrue(shown.containsKey("default_value") && shown.containsKey("validation"), shown.toString());
        assertNull(shown.get("validation"));

        assertEquals(1, ((List<?>) api.deleteDatasourceEntries(setId, List.of("id1")).get("values")).size());
        assertEquals(2, ((List<?>) api.restoreDatasourceEntries(setId, List.of("id1")).get("values")).size());

        assertEquals("!!first " + run, firstLabel(api.reorderMetadataFields("label", "asc", Map.of())));
        assertEquals("~~last " + run, firstLabel(api.reorderMetadataFields("label", "desc", Map.of())));
        assertEquals("~~last " + run, firstLabel(api.listMetadataFields()));
        assertEquals("ok", api.deleteMetadataField(textId).get("message"));
        assertEquals("ok", api.deleteMetadataField(setId).get("message"));
    }

    @Test
    void updateAPresetWithoutANameAndDeletes() throws Exception {
        String name = (String) api.createUploadPreset(ObjectUtils.asMap("tags", "generated")).get("name");
        assertEquals(name, api.uploadPreset(name, ObjectUtils.emptyMap()).get("name"));

        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = "md_" + run + "/one";
        cloudinary.uploader().upload(Png.of(10, 10), ObjectUtils.asMap("public_id", id, "tags", "old"));
        ApiResponse updated = api.update(id, ObjectUtils.asMap("tags", List.of("a", "b"),
                "custom_coordinates", "1,2,3,4"));
        assertEquals(List.of("a", "b"), updated.get("tags"));
        assertEquals(Map.of("custom", List.of(List.of(1, 2, 3, 4))),
                api.resource(id, ObjectUtils.asMap("coordinates", true)).get("coordinates"));
        BadRequest illegal = assertThrows(BadRequest.class, () -> api.update(id, ObjectUtils.asMap("ocr", "illegal")));
        assertTrue(illegal.getMessage().startsWith("Illegal value"), illegal.getMessage());

        String tag = "x_" + run;
        String other = "md_" + run + "/other";
        cloudinary.uploader().upload(Png.of(10, 10), ObjectUtils.asMap("public_id", other, "tags", tag));
        cloudinary.uploader().addTag(tag, new String[]{id}, ObjectUtils.asMap("exclusive", true));
        assertEquals(List.of(), api.resource(other, ObjectUtils.emptyMap()).get("tags"));
        assertEquals(Map.of(id, "deleted"), api.deleteResourcesByTag(tag, ObjectUtils.emptyMap()).get("deleted"));
        assertEquals(Map.of(other, "deleted"), api.deleteResourcesByPrefix("md_" + run + "/", ObjectUtils.emptyMap())
                .get("deleted"));
        assertThrows(NotFound.class, () -> api.resource(other, ObjectUtils.emptyMap()));

        // delete_by_token: the upload's token deletes it once, through the packaged gateway
        String byToken = "md_" + run + "/token";
        Map<?, ?> uploaded = cloudinary.uploader().upload(Png.of(10, 10), ObjectUtils.asMap("public_id", byToken,
                "return_delete_token", true, "custom_coordinates", "1,2,3,4", "face_coordinates", "5,6,7,8"));
        assertEquals(Map.of("custom", List.of(List.of(1, 2, 3, 4)), "faces", List.of(List.of(5, 6, 7, 8))),
                api.resource(byToken, ObjectUtils.asMap("coordinates", true)).get("coordinates"));
        String token = (String) uploaded.get("delete_token");
        assertEquals("ok", cloudinary.uploader().deleteByToken(token).get("result"));
        assertThrows(NotFound.class, () -> api.resource(byToken, ObjectUtils.emptyMap()));
        RuntimeException used = assertThrows(RuntimeException.class, () -> cloudinary.uploader().deleteByToken(token));
        assertTrue(used.getMessage().contains("Stale or invalid token"), used.getMessage());
    }

    @Test
    void updateFieldsOrderDatasourcesAndClearInvalidValues() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String size = "size_" + run;
        String note = "note_" + run;
        MetadataField<String> field = new MetadataField<>(MetadataFieldType.ENUM);
        field.setExternalId(size);
        field.setLabel("Size");
        field.setDataSource(new MetadataDataSource(List.of(new MetadataDataSource.Entry("m", "Medium"),
                new MetadataDataSource.Entry("l", "Large"), new MetadataDataSource.Entry("s", "Small"))));
        api.addMetadataField(field);
        StringMetadataField text = new StringMetadataField();
        text.setExternalId(note);
        text.setLabel("Note");
        api.addMetadataField(text);
        try {
            StringMetadataField relabel = new StringMetadataField();
            relabel.setLabel("Remark");
            assertEquals("Remark", api.updateMetadataField(note, relabel).get("label"));
            assertEquals("Remark", api.metadataFieldByFieldId(note).get("label"));

            ApiResponse datasource = api.updateMetadataFieldDatasource(size, List.of(
                    new MetadataDataSource.Entry("xl", "Extra large"), new MetadataDataSource.Entry("s", "Tiny")));
            assertEquals(Map.of("m", "Medium", "l", "Large", "s", "Tiny", "xl", "Extra large"), values(datasource));

            // the Java SDK 2.4.0 has no method for POST metadata_fields/{id}/datasource/order
            DatasourceOrder order = new DatasourceOrder();
            assertEquals(List.of("Extra large", "Large", "Medium", "Tiny"), valuesInOrder(order.of(size, "asc")));
            assertEquals(List.of("Tiny", "Medium", "Large", "Extra large"), valuesInOrder(order.of(size, "desc")));
            assertEquals(List.of("Tiny", "Medium", "Large", "Extra large"),
                    valuesInOrder((Map<?, ?>) api.metadataFieldByFieldId(size).get("datasource")));

            String id = "md_" + run + "/sized";
            cloudinary.uploader().upload(Png.of(4, 4), ObjectUtils.asMap("public_id", id,
                    "metadata", Map.of(size, "m")));
            api.deleteDatasourceEntries(size, List.of("m"));
            api.update(id, ObjectUtils.asMap("metadata", Map.of(note, "kept")));
            assertEquals(Map.of(size, "m", note, "kept"), api.resource(id, ObjectUtils.emptyMap()).get("metadata"),
                    "without clear_invalid the stale value stays");
            ApiResponse cleared = api.update(id, ObjectUtils.asMap("metadata", Map.of(note, "again"),
                    "clear_invalid", true));
            assertEquals(Map.of(note, "again"), cleared.get("metadata"));
            assertEquals(Map.of(note, "again"), api.resource(id, ObjectUtils.emptyMap()).get("metadata"));
        } finally {
            api.deleteMetadataField(size);
            api.deleteMetadataField(note);
        }
    }

    private static Map<?, ?> values(Map<?, ?> datasource) {
        return ((List<?>) datasource.get("values")).stream().map(v -> (Map<?, ?>) v)
                .collect(Collectors.toMap(v -> v.get("external_id"), v -> v.get("value")));
    }

    private static List<?> valuesInOrder(Map<?, ?> datasource) {
        return ((List<?>) datasource.get("values")).stream().map(v -> ((Map<?, ?>) v).get("value")).toList();
    }

    /** {@code order_metadata_field_datasource} through the SDK's own transport, signing and error mapping. */
    private static final class DatasourceOrder extends Api {
        DatasourceOrder() {
            super(MetadataAndDeletesIT.cloudinary, MetadataAndDeletesIT.cloudinary.api().getStrategy());
        }

        ApiResponse of(String fieldId, String direction) throws Exception {
            return callApi(HttpMethod.POST, List.of("metadata_fields", fieldId, "datasource", "order"),
                    ObjectUtils.asMap("order_by", "value", "direction", direction),
                    ObjectUtils.asMap("content_type", "json"));
        }
    }

    private static String firstLabel(ApiResponse fields) {
        return (String) ((Map<?, ?>) ((List<?>) fields.get("metadata_fields")).getFirst()).get("label");
    }
}
