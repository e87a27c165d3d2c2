package dev.upshot.system;

import com.cloudinary.Api;
import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.api.exceptions.BadRequest;
import com.cloudinary.api.exceptions.NotFound;
import com.cloudinary.metadata.MetadataDataSource;
import com.cloudinary.metadata.MetadataValidation;
import com.cloudinary.metadata.SetMetadataField;
import com.cloudinary.metadata.StringMetadataField;
import com.cloudinary.utils.ObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    private static String firstLabel(ApiResponse fields) {
        return (String) ((Map<?, ?>) ((List<?>) fields.get("metadata_fields")).getFirst()).get("label");
    }
}
