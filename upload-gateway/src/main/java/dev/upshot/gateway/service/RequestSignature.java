package dev.upshot.gateway.service;

import dev.upshot.kit.auth.SignatureAlgorithm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Cloudinary's request signature, as both SDKs compute it: every sent parameter except a few, empty values
 * dropped, sorted by key, {@code key=value} joined by {@code &} (version 2 escapes {@code &} inside a pair as
 * {@code %26}), the API secret appended, then SHA-1 or SHA-256 in lowercase hex.
 */
public final class RequestSignature {
    private static final Set<String> UNSIGNED = Set.of("file", "cloud_name", "resource_type", "api_key", "signature");

    private RequestSignature() {
    }

    public static String stringToSign(Map<String, String> params, int signatureVersion) {
        return new TreeMap<>(params).entrySet().stream()
                .filter(e -> !UNSIGNED.contains(e.getKey()) && e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> {
                    String pair = e.getKey() + "=" + e.getValue();
                    return signatureVersion >= 2 ? pair.replace("&", "%26") : pair;
                })
                .collect(Collectors.joining("&"));
    }

    public static String sign(Map<String, String> params, String secret, SignatureAlgorithm algorithm,
                              int signatureVersion) {
        return algorithm.hex(stringToSign(params, signatureVersion) + secret);
    }

    /** Accepts versions 2 and 1, the algorithm told apart by the signature's length (40 or 64 hex digits). */
    public static boolean verify(Map<String, String> params, String secret, String signature) {
        SignatureAlgorithm algorithm = signature.length() == 64 ? SignatureAlgorithm.SHA256 : SignatureAlgorithm.SHA1;
        String given = signature.toLowerCase();
        return constantTimeEquals(sign(params, secret, algorithm, 2), given)
                | constantTimeEquals(sign(params, secret, algorithm, 1), given);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
