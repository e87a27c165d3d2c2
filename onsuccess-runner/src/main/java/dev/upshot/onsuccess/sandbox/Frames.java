package dev.upshot.onsuccess.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The parent–child wire format over stdin/stdout: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
 * A length above {@link #MAX_FRAME} is a broken peer, not a message.
 */
public final class Frames {
    public static final int MAX_FRAME = 64 * 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Frames() {
    }

    /** What the parent asks: run {@code script} with {@code e} = {@code eventJson}. */
    public record Request(String script, String eventJson) {
    }

    /** The child's first frame, once it is warm. */
    public record Ready(long warmUpMillis) {
    }

    public static void write(OutputStream out, Object message) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(message);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(bytes.length);
        data.write(bytes);
        data.flush();
    }

    /** @throws EOFException when the peer is gone */
    public static <T> T read(InputStream in, Class<T> type) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("bad frame length " + length);
        }
        return MAPPER.readValue(data.readNBytes(length), type);
    }
}
