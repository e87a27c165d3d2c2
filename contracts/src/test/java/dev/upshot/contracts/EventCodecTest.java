package dev.upshot.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventCodecTest {

    @Test
    void roundTripsAPayloadThroughTheEnvelope() {
        var uploaded = new AssetUploaded("folder/cat", "image", "upload", "png", 42, 3, 2, "assets", "demo/k",
                "image/png", new AssetUploaded.RequestedWork(List.of("manual"), Map.of("phash", "true"), null, true));
        Envelope sent = EventCodec.wrap(uploaded, "a1", 7, "demo", Instant.parse("2026-01-02T03:04:05Z"));

        Envelope received = EventCodec.decode(EventCodec.encode(sent));

        assertEquals(sent.eventId(), received.eventId());
        assertEquals("AssetUploaded", received.type());
        assertEquals(7, received.assetVersion());
        assertEquals(uploaded, EventCodec.payload(received, AssetUploaded.class));
    }

    @Test
    void aReplyOfTheSameEventHasTheSameIdWhateverItSays() {
        Envelope cause = EventCodec.wrap(new AssetProcessed(null, "x()"), "a1", 3, "demo", Instant.now());

        Envelope first = EventCodec.reply("runner", cause, OnSuccessCompleted.success(null), Instant.now());
        Envelope again = EventCodec.reply("runner", cause, OnSuccessCompleted.failure("crashed"), Instant.now());
        Envelope other = EventCodec.reply("other", cause, OnSuccessCompleted.success(null), Instant.now());

        assertEquals(first.eventId(), again.eventId());
        assertNotEquals(cause.eventId(), first.eventId());
        assertNotEquals(first.eventId(), other.eventId());
        assertEquals("a1", first.assetId());
        assertEquals(3, first.assetVersion());
        assertEquals("OnSuccessCompleted", first.type());
    }

    @Test
    void ignoresFieldsAddedByNewerProducers() {
        String json = """
                {"eventId":"7b0c1a2e-51a8-4a55-9d0e-3f8f6f0e2b11","type":"NotificationOutcome","assetId":"a",
                 "assetVersion":1,"cloud":"demo","occurredAt":"2026-01-01T00:00:00Z","addedLater":true,
                 "payload":{"notificationEventId":"7b0c1a2e-51a8-4a55-9d0e-3f8f6f0e2b11","target":"http://x",
                            "outcome":"DELIVERED","attempts":1,"lastStatus":200,"alsoNew":[1]}}""";

        var outcome = EventCodec.payload(EventCodec.decode(json), NotificationOutcome.class);

        assertEquals(NotificationOutcome.Outcome.DELIVERED, outcome.outcome());
    }

    @Test
    void rejectsGarbageAndMismatchedTypes() {
        assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.decode("{not json"));
        assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.decode("{\"type\":\"X\"}"));
        Envelope outcome = EventCodec.wrap(new NotificationOutcome(null, "t", NotificationOutcome.Outcome.DEAD, 8, 500),
                "a", 1, "demo", Instant.now());
        assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.payload(outcome, AssetUploaded.class));
    }
}
