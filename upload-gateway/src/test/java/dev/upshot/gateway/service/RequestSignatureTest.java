package dev.upshot.gateway.service;

import dev.upshot.kit.auth.SignatureAlgorithm;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestSignatureTest {

    @Test
    void matchesTheDocumentedVector() {
        Map<String, String> params = Map.of("eager", "w_400,h_300,c_pad|w_260,h_200,c_crop",
                "public_id", "sample_image", "timestamp", "1315060510");
        assertEquals("bfd09f95f331f558cbd1320e67aa8d488770583e",
                RequestSignature.sign(params, "abcd", SignatureAlgorithm.SHA1, 2));
    }

    @Test
    void versionTwoEscapesAmpersandsInsideValuesAndVerifyAcceptsBothVersions() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("notification_url", "http://127.0.0.1:9999/hook?a=1&b=2");
        params.put("timestamp", "1795796272");
        params.put("api_key", "ignored");
        params.put("file", "ignored");
        params.put("empty", "");
        assertEquals("notification_url=http://127.0.0.1:9999/hook?a=1%26b=2&timestamp=1795796272",
                RequestSignature.stringToSign(params, 2));
        assertEquals("notification_url=http://127.0.0.1:9999/hook?a=1&b=2&timestamp=1795796272",
                RequestSignature.stringToSign(params, 1));

        String v1 = RequestSignature.sign(params, "s3cret", SignatureAlgorithm.SHA1, 1);
        String v2sha256 = RequestSignature.sign(params, "s3cret", SignatureAlgorithm.SHA256, 2);
        assertTrue(RequestSignature.verify(params, "s3cret", v1));
        assertTrue(RequestSignature.verify(params, "s3cret", v2sha256));
        assertEquals(64, v2sha256.length());
        assertFalse(RequestSignature.verify(params, "other", v1));
    }
}
