package dev.upshot.dispatcher.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.spi.BodyStream;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruncatingBodyCodecTest {

    private static BodyStream<String> stream(int limit) {
        AtomicReference<BodyStream<String>> created = new AtomicReference<>();
        new TruncatingBodyCodec(limit).create(result -> created.set(result.result()));
        return created.get();
    }

    @Test
    void keepsOnlyTheFirstBytesOfAHugeAnswer() {
        BodyStream<String> stream = stream(2048);
        Buffer chunk = Buffer.buffer("x".repeat(1000));
        for (int i = 0; i < 10_000; i++) {   // 10 MB arrive, 2 KiB are kept
            assertTrue(stream.write(chunk).succeeded());
        }
        stream.end();

        assertEquals("x".repeat(2048), stream.result().result());
    }

    @Test
    void keepsAShortAnswerWhole() {
        BodyStream<String> stream = stream(2048);
        stream.write(Buffer.buffer("{\"ok\":"));
        stream.write(Buffer.buffer("true}"));
        stream.end();

        assertEquals("{\"ok\":true}", stream.result().result());
    }

    @Test
    void reportsAFailedRead() {
        BodyStream<String> stream = stream(2048);
        stream.handle(new IllegalStateException("connection reset"));

        assertTrue(stream.result().failed());
    }
}
