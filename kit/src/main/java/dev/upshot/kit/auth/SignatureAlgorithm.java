package dev.upshot.kit.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The digests Cloudinary signs with, requests and notifications alike: sha1 (its default) or sha256. */
public enum SignatureAlgorithm {
    SHA1("SHA-1"), SHA256("SHA-256");

    private final String jcaName;

    SignatureAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    /** sha256 in any case, anything else sha1 (Cloudinary's default). */
    public static SignatureAlgorithm of(String name) {
        return "sha256".equalsIgnoreCase(name) ? SHA256 : SHA1;
    }

    public String jcaName() {
        return jcaName;
    }

    public MessageDigest digest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides " + jcaName, e);
        }
    }

    /** Lowercase hex of the digest of the text's UTF-8 bytes. */
    public String hex(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
