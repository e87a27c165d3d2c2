package dev.upshot.system;

import com.cloudinary.metadata.MetadataDataSource;
import com.cloudinary.metadata.MetadataField;
import com.cloudinary.metadata.MetadataFieldType;
import com.cloudinary.metadata.SetMetadataField;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.testsupport.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * on_success end to end: gateway → asset.processed → runner (child-process sandbox) → onsuccess.completed →
 * gateway applies the update, seen in the synchronous answer, the Admin API and the upload notification.
 * The scripts are Cloudinary's documented examples, as written.
 */
class OnSuccessIT extends OnPlatform {
    static final String CAPTION = """
            const caption = e.upload_info?.info?.detection?.captioning?.data?.caption;
            current_asset.update({ tags: ['autocaption'], context: { caption } });
            """;
    static final String METADATA_WHEN_WIDE = """
            if (e.upload_info.width > 1000) {
              current_asset.update({ metadata: { rating: 'good', usage_types: ['web', 'print'] } });
            }
            """;
    static final String APPEND_TAG = "current_asset.update({ tags: [...e.upload_info.tags, 'processed'] });";

    @BeforeAll
    static void start() throws Exception {
        MetadataField<String> rating = new MetadataField<>(MetadataFieldType.ENUM);
        rating.setExternalId("rating");
        rating.setLabel("Rating");
        rating.setDataSource(new MetadataDataSource(List.of(new MetadataDataSource.Entry("good", "Good"),
                new MetadataDataSource.Entry("bad", "Bad"))));
        SetMetadataField usage = new SetMetadataField();
        usage.setExternalId("usage_types");
        usage.setLabel("Usage types");
        usage.setDataSource(new MetadataDataSource(List.of(new MetadataDataSource.Entry("web", "Web"),
                new MetadataDataSource.Entry("print", "Print"))));
        cloudinary.api().addMetadataField(rating);
        cloudinary.api().addMetadataField(usage);
    }

    private static Map<?, ?> upload(int width, Map<String, Object> params) throws Exception {
        return cloudinary.uploader().upload(Png.of(width, 10), params);
    }

    private static Map<?, ?> onSuccess(Map<?, ?> result) {
        return (Map<?, ?>) result.get("on_success");
    }

    @Test
    void theCaptionExampleRunsWithoutACaptionAndReplacesTagsAndContext() throws Exception {
        Map<?, ?> result = upload(64, ObjectUtils.asMap("tags", "old", "context", "alt=kept?",
                "on_success", CAPTION));
        assertEquals("succeeded", onSuccess(result).get("status"), String.valueOf(result));
        assertEquals(List.of("autocaption"), result.get("tags"));
        assertNull(result.get("context"), "context is replaced; an undefined caption is no value");
        assertTrue(cloudinary.verifyApiResponseSignature((String) result.get("public_id"),
                String.valueOf(result.get("version")), (String) result.get("signature")));
    }

    @Test
    void metadataIsSetOnlyForWideImages() throws Exception {
        Map<?, ?> wide = upload(1200, ObjectUtils.asMap("on_success", METADATA_WHEN_WIDE));
        assertEquals(Map.of("rating", "good", "usage_types", List.of("web", "print")), wide.get("metadata"));
        Map<?, ?> narrow = upload(200, ObjectUtils.asMap("on_success", METADATA_WHEN_WIDE));
        assertEquals("succeeded", onSuccess(narrow).get("status"));
        assertNull(narrow.get("metadata"));
    }

    @Test
    void spreadingUploadInfoTagsAppends() throws Exception {
        Map<?, ?> result = upload(32, ObjectUtils.asMap("tags", "a,b", "on_success", APPEND_TAG));
        assertEquals(List.of("a", "b", "processed"), result.get("tags"));
    }

    @Test
    void aRefusedUpdateOrAFailedScriptLeavesTheAssetAndRecordsWhy() throws Exception {
        Map<?, ?> refused = upload(32, ObjectUtils.asMap("tags", "keep", "on_success",
                "current_asset.update({ tags: ['lost'], metadata: { rating: 'excellent' } })"));
        assertEquals(List.of("keep"), refused.get("tags"));
        assertEquals("failed", onSuccess(refused).get("status"));
        assertTrue(((String) onSuccess(refused).get("error")).contains("excellent"), String.valueOf(refused));

        Map<?, ?> broken = upload(32, ObjectUtils.asMap("tags", "keep", "on_success",
                "const a = 1;\nnull.x;"));
        String error = (String) onSuccess(broken).get("error");
        assertTrue(error.contains("on_success.js:2:"), error);
        Map<?, ?> details = cloudinary.api().resource((String) broken.get("public_id"), ObjectUtils.emptyMap());
        assertEquals(error, onSuccess(details).get("error"));
        assertEquals(List.of("keep"), details.get("tags"));

        Map<?, ?> endless = upload(32, ObjectUtils.asMap("tags", "keep", "on_success",
                "function f(){try{f()}catch(e){f()}} f()"));
        assertEquals("failed", onSuccess(endless).get("status"));
        Map<?, ?> after = upload(32, ObjectUtils.asMap("tags", "a", "on_success", APPEND_TAG));
        assertEquals(List.of("a", "processed"), after.get("tags"), "the runner still serves the next asset");
    }

    @Test
    void presetsSignedAndUnsignedCarryOnSuccess() throws Exception {
        String signed = "signed_" + UUID.randomUUID().toString().substring(0, 8);
        String unsigned = "unsigned_" + UUID.randomUUID().toString().substring(0, 8);
        cloudinary.api().createUploadPreset(ObjectUtils.asMap("name", signed, "unsigned", false,
                "tags", "preset", "on_success", APPEND_TAG));
        cloudinary.api().createUploadPreset(ObjectUtils.asMap("name", unsigned, "unsigned", true,
                "tags", "anonymous", "on_success", CAPTION));
        assertEquals(APPEND_TAG, ((Map<?, ?>) cloudinary.api().uploadPreset(signed, ObjectUtils.emptyMap())
                .get("settings")).get("on_success"));

        Map<?, ?> viaSigned = cloudinary.uploader().upload(Png.of(16, 16),
                ObjectUtils.asMap("upload_preset", signed));
        assertEquals(List.of("preset", "processed"), viaSigned.get("tags"));
        Map<?, ?> viaUnsigned = cloudinary.uploader().unsignedUpload(Png.of(16, 16), unsigned,
                ObjectUtils.emptyMap());
        assertEquals(List.of("autocaption"), viaUnsigned.get("tags"));
    }

    @Test
    void anAsyncUploadIsNotifiedWithTheScriptsChanges() throws Exception {
        String hook = "/onsuccess/" + UUID.randomUUID();
        Map<?, ?> pending = upload(32, ObjectUtils.asMap("async", true, "tags", "a", "on_success", APPEND_TAG,
                "notification_url", platform.receiver.url(hook)));
        assertEquals("pending", pending.get("status"));
        WebhookReceiver.Received hit = platform.awaitOne(hook);
        assertTrue(cloudinary.verifyNotificationSignature(hit.body(), hit.timestamp(), hit.signature(), 7200));
        JsonNode body = JSON.readTree(hit.body());
        assertEquals("[\"a\",\"processed\"]", body.path("tags").toString());
        assertEquals("succeeded", body.path("on_success").path("status").asText());
        assertEquals(pending.get("batch_id"), body.path("batch_id").asText());
    }

    /** A runner killed while a sandbox spins in an endless script leaves no spinning child behind. */
    @Test
    void aKilledRunnerTakesItsSandboxesWithIt() throws Exception {
        cloudinary.uploader().upload(Png.of(8, 8), ObjectUtils.asMap("async", true,
                "on_success", "while (true) {}"));
        Thread.sleep(1500);
        List<ProcessHandle> sandboxes = platform.replaceRunner();
        assertFalse(sandboxes.isEmpty(), "the runner had sandbox processes");
        await().atMost(Duration.ofSeconds(10)).until(() -> sandboxes.stream().noneMatch(ProcessHandle::isAlive));
        // the replacement takes over the partition once the dead member's Kafka session expires
        Map<?, ?> after = upload(32, ObjectUtils.asMap("tags", "a", "on_success", APPEND_TAG));
        await().atMost(Duration.ofSeconds(120)).until(() -> List.of("a", "processed").equals(cloudinary.api()
                .resource((String) after.get("public_id"), ObjectUtils.emptyMap()).get("tags")));
    }
}
