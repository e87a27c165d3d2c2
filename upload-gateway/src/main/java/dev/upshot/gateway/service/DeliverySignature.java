package dev.upshot.gateway.service;

import dev.upshot.contracts.transform.Transformation;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.kit.auth.SignatureAlgorithm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signed delivery URLs, as the SDKs' {@code sign_url} makes them: {@code …/{type}/s--SIGNATURE--/{rest}} where the
 * signature is the first 8 characters of the url-safe base64 digest (the account's algorithm, SHA-1 by default) of
 * the rest without its version segment ({@code transformation/public_id.ext}, as the URL encodes it) followed by the
 * API secret; {@code long_url_signature} gives 32 characters of SHA-256.
 */
public final class DeliverySignature {
    private static final Pattern COMPONENT = Pattern.compile("^s--([A-Za-z0-9_-]{8}|[A-Za-z0-9_-]{32})--$");
    private static final Pattern VERSION = Pattern.compile("^v\\d+$");

    private DeliverySignature() {
    }

    /** The {@code s--…--} path segment, when the rest of a delivery path starts with one. */
    public static Optional<String> component(String rest) {
        int slash = rest.indexOf('/');
        return slash > 0 && COMPONENT.matcher(rest.substring(0, slash)).matches()
                ? Optional.of(rest.substring(0, slash)) : Optional.empty();
    }

    /** The component for a path (what follows the component, as the URL encodes it, version included). */
    public static String sign(GatewayConfig.Account account, String signedPath) {
        return "s--" + digest(withoutVersion(signedPath), account.apiSecret(),
                SignatureAlgorithm.of(account.signatureAlgorithm()), 8) + "--";
    }

    /**
     * An asset's delivery URL (original or derived) as answers show it: signed when its type is not public, as
     * Cloudinary's answers are, so that the URL delivers.
     */
    public static String deliverable(String url, Asset asset, GatewayConfig.Account account) {
        if (asset.deliveryType.equals("upload")) {
            return url;
        }
        String head = "/" + asset.cloud + "/" + asset.resourceType + "/" + asset.deliveryType + "/";
        int at = url.indexOf(head) + head.length();
        return url.substring(0, at) + sign(account, url.substring(at)) + "/" + url.substring(at);
    }

    /**
     * Whether the component signs the path after it. The path is tried as sent, then encoded as each SDK encodes
     * public ids (a client may re-encode what the SDK wrote, such as a comma). An 8-character signature is checked
     * with either algorithm (an SDK may be configured apart from the account). A path whose first segment reads like
     * a version is also tried whole: the SDKs sign it when it is a folder of the public id rather than a version.
     *
     * @param rawPath     what follows the component, as the request sent it
     * @param decodedPath the same, decoded
     */
    public static boolean verify(GatewayConfig.Account account, String component, String rawPath,
                                 String decodedPath) {
        Matcher m = COMPONENT.matcher(component);
        if (!m.matches()) {
            return false;
        }
        String given = m.group(1);
        List<SignatureAlgorithm> algorithms = given.length() == 32 ? List.of(SignatureAlgorithm.SHA256)
                : List.of(SignatureAlgorithm.SHA1, SignatureAlgorithm.SHA256);
        Set<String> candidates = new LinkedHashSet<>();
        for (String path : sdkEncodings(rawPath, decodedPath)) {
            candidates.add(withoutVersion(path));
            candidates.add(path);
        }
        boolean valid = false;
        for (String candidate : candidates) {
            for (SignatureAlgorithm algorithm : algorithms) {
                // compare every candidate in full: the time taken says nothing about which one came close
                valid |= MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                        digest(candidate, account.apiSecret(), algorithm, given.length())
                                .getBytes(StandardCharsets.US_ASCII));
            }
        }
        return valid;
    }

    /**
     * The path as sent, then as the Java SDK ({@code URLEncoder}, with / and : kept and %20 for spaces) and the Node
     * SDK ({@code encodeURIComponent}, the same but for {@code !~'()}) write it: the transformation steps as they
     * are, the rest encoded.
     */
    private static Set<String> sdkEncodings(String rawPath, String decodedPath) {
        List<String> segments = List.of(decodedPath.split("/", -1));
        int steps = 0;
        while (steps < segments.size() - 1 && Transformation.looksLikeStep(segments.get(steps))) {
            steps++;
        }
        String chain = steps == 0 ? "" : String.join("/", segments.subList(0, steps)) + "/";
        String java = URLEncoder.encode(String.join("/", segments.subList(steps, segments.size())),
                StandardCharsets.UTF_8).replace("%2F", "/").replace("%3A", ":").replace("+", "%20");
        String node = java.replace("%21", "!").replace("%7E", "~").replace("%27", "'").replace("%28", "(")
                .replace("%29", ")");
        return new LinkedHashSet<>(List.of(rawPath, chain + java, chain + node));
    }

    /** The SDKs sign the transformation and the source, not the version between them. */
    private static String withoutVersion(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length - 1; i++) {
            if (VERSION.matcher(segments[i]).matches()) {
                List<String> kept = new ArrayList<>(List.of(segments));
                kept.remove(i);
                return String.join("/", kept);
            }
        }
        return path;
    }

    private static String digest(String toSign, String secret, SignatureAlgorithm algorithm, int length) {
        byte[] hash = algorithm.digest().digest((toSign + secret).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().encodeToString(hash).substring(0, length);
    }
}
