package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.AccessRule;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploadParametersTest {

    @Test
    void parsesWhatTheJavaSdkSends() {
        UploadRequest r = UploadParameters.parse(Map.of(
                "context", "caption=hello world|alt=a\\=b\\|c",
                "metadata", "count=5|sku=A\\|1|colors=[\"red\",\"green\"]",
                "tags", "t1,tag with space,x,y",
                "overwrite", "true", "unique_filename", "false", "async", "true",
                "moderation", "duplicate:0.9|manual", "phash", "true", "colors", "false"));

        assertEquals(Map.of("caption", "hello world", "alt", "a=b|c"), r.context());
        assertEquals(Map.of("count", "5", "sku", "A|1", "colors", List.of("red", "green")), r.metadata());
        assertEquals(List.of("t1", "tag with space", "x", "y"), r.tags());
        assertTrue(r.overwrite());
        assertFalse(r.uniqueFilename());
        assertTrue(r.async());
        assertEquals(List.of("duplicate:0.9", "manual"), r.moderation());
        assertEquals(Map.of("phash", "true"), r.analyses());
    }

    @Test
    void eagerAsTheSdksSendIt() {
        UploadRequest r = UploadParameters.parse(Map.of("eager", "c_scale,w_300|w_100,c_fill,h_100/webp",
                "eager_async", "1", "eager_notification_url", "https://example.com/eager"));
        assertEquals(List.of("c_scale,w_300", "c_fill,h_100,w_100/webp"), r.eager().texts());
        assertTrue(r.eager().async());
        assertEquals("https://example.com/eager", r.eager().notificationUrl().orElseThrow());
        assertEquals(List.of(), UploadParameters.parse(Map.of()).eager().texts());
    }

    @Test
    void aBadEagerComponentIsA400NamingIt() {
        ApiException e = assertThrows(ApiException.class,
                () -> UploadParameters.parse(Map.of("eager", "c_scale,w_300|c_fill,w_abc")));
        assertEquals(400, e.status());
        assertEquals("Invalid transformation component 'w_abc'", e.getMessage());
        assertThrows(ApiException.class, () -> UploadParameters.parse(Map.of("eager_async", "maybe")));
    }

    @Test
    void everyBooleanAnalysisReachesTheWorkersAsTrueFromEitherSdk() {
        for (String set : List.of("1", "true")) {
            Map<String, String> raw = new HashMap<>();
            for (String name : List.of("quality_analysis", "accessibility_analysis", "colors", "faces", "phash",
                    "image_metadata", "media_metadata", "exif")) {
                raw.put(name, set);
            }
            raw.put("ocr", "adv_ocr");
            Map<String, String> analyses = UploadParameters.parse(raw).analyses();
            assertEquals(9, analyses.size(), analyses.toString());
            raw.keySet().stream().filter(name -> !name.equals("ocr"))
                    .forEach(name -> assertEquals("true", analyses.get(name), set + ": " + name));
            assertEquals("adv_ocr", analyses.get("ocr"));
        }
        for (String unset : List.of("0", "false")) {
            assertEquals(Map.of(), UploadParameters.parse(Map.of("faces", unset, "colors", unset)).analyses());
        }
    }

    @Test
    void nodeBooleansAndDefaults() {
        UploadRequest r = UploadParameters.parse(Map.of("use_filename", "1", "unique_filename", "0"));
        assertTrue(r.useFilename());
        assertFalse(r.uniqueFilename());
        assertTrue(r.overwrite());
        assertEquals("upload", r.type());
    }

    @Test
    void rejectsWhatItDoesNotUnderstand() {
        assertThrows(ApiException.class, () -> UploadParameters.parse(Map.of("frobnicate", "1")));
        assertThrows(ApiException.class, () -> UploadParameters.parse(Map.of("async", "maybe")));
        assertThrows(ApiException.class, () -> UploadParameters.parse(Map.of("context", "novalue")));
        assertThrows(ApiException.class, () -> UploadParameters.parse(Map.of("metadata", "k=[broken")));
        assertThrows(ApiException.class, () -> UploadParameters.parse(Map.of("type", "fetch")));
        assertThrows(ApiException.class, () -> UploadParameters.parse(Map.of("access_control", "[{}]")));
    }

    @Test
    void takesTheDeliveryTypesAndAccessRules() {
        assertEquals("private", UploadParameters.parse(Map.of("type", "private")).type());
        assertEquals("authenticated", UploadParameters.parse(Map.of("type", "authenticated")).type());
        assertEquals(List.of(new AccessRule("token", null, null)),
                UploadParameters.parse(Map.of("access_control", "[{\"access_type\":\"token\"}]")).accessControl());
        assertEquals(List.of(), UploadParameters.parse(Map.of()).accessControl());
    }

    @Test
    void publicIdsCannotEscapeTheirFolder() {
        for (String bad : List.of("../etc/passwd", "a/../../b", "/abs", "a//b", "a/./b", "trailing/", "nul\u0000l",
                "back\\slash", "q?x")) {
            assertThrows(ApiException.class, () -> PublicIds.validate(bad), bad);
        }
        assertEquals("folder/sub/cat.v2", PublicIds.validate("folder/sub/cat.v2"));
        assertEquals("my_photo", PublicIds.fromFilename("my photo.JPG".replace(' ', '_')));
    }
}
