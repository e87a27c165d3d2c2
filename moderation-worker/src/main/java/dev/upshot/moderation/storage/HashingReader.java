package dev.upshot.moderation.storage;

import dev.upshot.kit.s3.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Reads originals from the object store, hashing them on the way (blocking: call on a worker thread). */
@ApplicationScoped
public class HashingReader {
    private final ObjectStore store;

    public HashingReader(ObjectStore store) {
        this.store = store;
    }

    /**
     * The object's SHA-256, and its bytes when it is at most {@code keepUpTo} long (streamed and only hashed
     * otherwise, so a large video never sits in memory).
     */
    public Read read(String bucket, String key, long keepUpTo) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(store.open(bucket, key), sha)) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            boolean keeping = true;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                keeping = keeping && total <= keepUpTo;
                if (keeping) {
                    kept.write(buffer, 0, n);
                }
            }
            in.transferTo(OutputStream.nullOutputStream());
            return new Read(HexFormat.of().formatHex(sha.digest()), keeping ? kept.toByteArray() : null);
        }
    }

    /** Copies the object to {@code target} (streamed) and answers its SHA-256. */
    public String copy(String bucket, String key, java.nio.file.Path target) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(store.open(bucket, key), sha)) {
            java.nio.file.Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** @param bytes null when the object was too large to keep */
    public record Read(String sha256, byte[] bytes) {
    }
}
