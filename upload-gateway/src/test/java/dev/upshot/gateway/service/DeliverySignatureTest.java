package dev.upshot.gateway.service;

import com.cloudinary.Cloudinary;
import com.cloudinary.Transformation;
import com.cloudinary.Url;
import dev.upshot.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed delivery URLs as the official Java SDK makes them with {@code signed(true)}. */
class DeliverySignatureTest {
    private static final String SECRET = "s3cret-for-urls";
    private static final Cloudinary SDK = new Cloudinary("cloudinary://key:" + SECRET + "@demo");

    @Test
    void acceptsTheSdksSignaturesWithTransformationsVersionsAndEncodedIds() {
        for (Url url : new Url[]{
                SDK.url().signed(true).type("private").version(1700000000).format("png"),
                SDK.url().signed(true).type("authenticated").transformation(new Transformation().width(100)
                        .height(80).crop("fill")).format("webp"),
                SDK.url().signed(true).type("private").longUrlSignature(true).version(12).format("jpg"),
                SDK.url().signed(true).transformation(new Transformation().width(10).chain().effect("grayscale"))}) {
            for (String publicId : new String[]{"plain", "folder/sub/id", "with space & ünïcode", "v2/looks-versioned"}) {
                String generated = url.clone().generate(publicId);
                String rest = afterType(generated);
                String component = DeliverySignature.component(rest).orElseThrow();
                String signed = rest.substring(component.length() + 1);
                assertTrue(DeliverySignature.verify(account("sha1"), component, signed, decoded(signed)), generated);
                // a client that encodes the commas of the transformation, or decodes the id, changes nothing
                assertTrue(DeliverySignature.verify(account("sha1"), component, signed.replace(",", "%2C"),
                        decoded(signed)), generated);
            }
        }
    }

    @Test
    void refusesAChangedPathAnotherSecretAndMalformedComponents() {
        String rest = afterType(SDK.url().signed(true).type("private").version(5).generate("secret-id.png"));
        String component = DeliverySignature.component(rest).orElseThrow();
        String signed = rest.substring(component.length() + 1);
        assertTrue(DeliverySignature.verify(account("sha1"), component, signed, decoded(signed)));
        // the version is not signed (as Cloudinary): another one still delivers
        String otherVersion = signed.replace("v5/", "v6/");
        assertTrue(DeliverySignature.verify(account("sha1"), component, otherVersion, decoded(otherVersion)));
        String otherId = signed.replace("secret-id", "other-id");
        assertFalse(DeliverySignature.verify(account("sha1"), component, otherId, decoded(otherId)));
        String transformed = "c_scale,w_10/" + signed;
        assertFalse(DeliverySignature.verify(account("sha1"), component, transformed, decoded(transformed)));
        assertFalse(DeliverySignature.verify(new Account("another-secret", "sha1"), component, signed,
                decoded(signed)));
        assertFalse(DeliverySignature.verify(account("sha1"), "s--abc--", signed, decoded(signed)));
        assertEquals(Optional.empty(), DeliverySignature.component("s--short--/v1/x.png"));
        assertEquals(Optional.empty(), DeliverySignature.component("v1/s--abcdefgh--.png"));
    }

    @Test
    void signsAsTheSdkDoesForTheAccountsAlgorithm() {
        String generated = SDK.url().signed(true).type("private").version(9).generate("a/b.png");
        String rest = afterType(generated);
        String component = DeliverySignature.component(rest).orElseThrow();
        assertEquals(component, DeliverySignature.sign(account("sha1"), rest.substring(component.length() + 1)));

        Cloudinary sha256 = new Cloudinary("cloudinary://key:" + SECRET + "@demo?signature_algorithm=SHA256");
        String rest256 = afterType(sha256.url().signed(true).type("private").version(9).generate("a/b.png"));
        String component256 = DeliverySignature.component(rest256).orElseThrow();
        String signed256 = rest256.substring(component256.length() + 1);
        assertEquals(component256, DeliverySignature.sign(account("sha256"), signed256));
        // an SDK configured apart from the account is still understood
        assertTrue(DeliverySignature.verify(account("sha1"), component256, signed256, decoded(signed256)));
    }

    /** What follows {@code /demo/image/{type}/} in a generated URL (its analytics query left out, as delivery does). */
    private static String afterType(String url) {
        String path = url.replaceFirst("\\?.*$", "").substring(url.indexOf("/demo/") + "/demo/".length());
        return path.split("/", 3)[2];
    }

    private static String decoded(String path) {
        return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static GatewayConfig.Account account(String algorithm) {
        return new Account(SECRET, algorithm);
    }

    private record Account(String apiSecret, String signatureAlgorithm) implements GatewayConfig.Account {
        @Override
        public String cloudName() {
            return "demo";
        }

        @Override
        public String apiKey() {
            return "key";
        }

        @Override
        public Optional<String> reviewerPassword() {
            return Optional.empty();
        }
    }
}
