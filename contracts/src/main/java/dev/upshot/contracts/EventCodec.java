package dev.upshot.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** JSON encoding of envelopes. Unknown fields are ignored so that producers may add fields first. */
public final class EventCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {
    }

    public static Envelope wrap(Event event, String assetId, long assetVersion, String cloud, Instant occurredAt) {
        return new Envelope(UUID.randomUUID(), event.getClass().getSimpleName(), assetId, assetVersion, cloud,
                occurredAt, MAPPER.valueToTree(event));
    }

    /**
     * The event {@code consumer} sends in answer to {@code cause}, about the same asset version. Its id is derived
     * from the cause's id and the consumer's name: a cause handled twice (redelivered) gives the same event id, so
     * the receivers drop the second answer as a duplicate.
     */
    public static Envelope reply(String consumer, Envelope cause, Event event, Instant occurredAt) {
        UUID id = UUID.nameUUIDFromBytes((consumer + '/' + cause.eventId()).getBytes(StandardCharsets.UTF_8));
        return new Envelope(id, event.getClass().getSimpleName(), cause.assetId(), cause.assetVersion(),
                cause.cloud(), occurredAt, MAPPER.valueToTree(event));
    }

    public static String encode(Envelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("envelope cannot be serialised", e);
        }
    }

    /** UTF-8 bytes of a JSON value as an event would carry it. */
    public static int encodedSize(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be serialised", e);
        }
    }

    /** @throws MalformedEventException when the text is not an envelope */
    public static Envelope decode(String json) {
        try {
            Envelope envelope = MAPPER.readValue(json, Envelope.class);
            if (envelope.eventId() == null || envelope.type() == null || envelope.payload() == null) {
                throw new MalformedEventException("envelope lacks eventId, type or payload");
            }
            return envelope;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not an event envelope: " + e.getOriginalMessage());
        }
    }

    /** @throws MalformedEventException when the envelope holds another type or a payload that does not fit */
    public static <T extends Event> T payload(Envelope envelope, Class<T> type) {
        if (!type.getSimpleName().equals(envelope.type())) {
            throw new MalformedEventException("expected " + type.getSimpleName() + " but got " + envelope.type());
        }
        try {
            return MAPPER.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("bad " + type.getSimpleName() + " payload: " + e.getOriginalMessage());
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A message that can never be processed: it goes to the dead-letter topic, not back to the topic. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
