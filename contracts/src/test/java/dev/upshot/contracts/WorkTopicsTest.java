package dev.upshot.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkTopicsTest {
    private static AssetUploaded asset(String resourceType, AssetUploaded.RequestedWork work) {
        return new AssetUploaded("p", resourceType, "upload", "png", 1, 1, 1, "b", "k", "image/png", work);
    }

    @Test
    void aPlainUploadWakesNoWorker() {
        assertEquals(List.of(), asset("image", AssetUploaded.RequestedWork.none()).workTopics());
        // on_success and async are the gateway's and the runner's, not a worker's
        assertEquals(List.of(), asset("image", new AssetUploaded.RequestedWork(List.of(), Map.of(), "x", true))
                .workTopics());
    }

    @Test
    void eachRequestedWorkWakesItsWorkerOnly() {
        var everything = new AssetUploaded.RequestedWork(List.of("manual", "upshot_nsfw"), Map.of("phash", "true"),
                null, false, List.of("w_100"), false, Map.of("raw_convert", "google_speech"));
        assertEquals(List.of(Topics.ANALYSIS_REQUESTED, Topics.MODERATION_REQUESTED, Topics.DERIVATION_REQUESTED,
                Topics.TRANSCRIPTION_REQUESTED), asset("video", everything).workTopics());
        // a transcription is asked of video and audio only
        assertFalse(asset("image", everything).wakes(Topics.TRANSCRIPTION_REQUESTED));
        assertTrue(asset("image", everything).wakes(Topics.DERIVATION_REQUESTED));
    }

    @Test
    void manualModerationAloneIsTheGatewaysQueue() {
        var manual = new AssetUploaded.RequestedWork(List.of("manual"), Map.of(), null, false);
        assertEquals(List.of(), asset("image", manual).workTopics());
        var automated = new AssetUploaded.RequestedWork(List.of("duplicate:0.9", "manual"), Map.of(), null, false);
        assertEquals(List.of(Topics.MODERATION_REQUESTED), asset("image", automated).workTopics());
    }
}
