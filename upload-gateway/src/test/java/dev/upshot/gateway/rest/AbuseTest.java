package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.contracts.Topics;
import dev.upshot.gateway.service.RequestSignature;
import dev.upshot.kit.auth.SignatureAlgorithm;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile requests on the real stack (Kafka, PostgreSQL, S3 and a misbehaving HTTP server on loopback): each one
 * gets its clear 4xx in Cloudinary's shape within its deadline. Afterwards a normal upload with a notification URL
 * still goes through, and the heap and the temporary files are back where they were.
 */
@QuarkusTest
@TestProfile(AbuseTest.Hostile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseTest {
    /** Loopback refused except the hostile server's port; a short fetch deadline; small data URIs. */
    public static class Hostile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("upshot.upload.fetch.allow-loopback", "false",
                    "upshot.upload.fetch.loopback-ports", Integer.toString(HostileServer.port()),
                    "upshot.upload.fetch.timeout", "PT2S",
                    "upshot.limits.data-uri-size", "1048576");
        }
    }

    private static final Duration QUICK = Duration.ofSeconds(3);
    /** The fetch deadline (2 s) and a margin. */
    private static final Duration FETCH = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String BOUNDARY = "abuse-" + UUID.randomUUID();

    @TestHTTPResource("/")
    URL base;

    private long heapBaseline;
    private long tempBaseline;

    /** One hostile request, made against the gateway's base URI, and what must come back. */
    record Case(Function<URI, HttpRequest> request, int status, String message, Duration within) {
    }

    @BeforeAll
    void baseline() throws Exception {
        // the unsigned preset some cases go through (409 when an earlier run made it)
        send(admin("upload_presets", "name=abuse_open&unsigned=true").apply(base.toURI()));
        // warm up the paths the suite takes, so that loaded classes and caches do not count as growth
        send(signed(Map.of("public_id", "warmup/" + UUID.randomUUID())).apply(base.toURI()));
        heapBaseline = heapAfterGc();
        tempBaseline = temporaryFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Order(1)
    void hostileRequestGetsItsClientErrorInTime(Case hostile) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = send(hostile.request().apply(base.toURI()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(hostile.status(), response.statusCode(), response.body());
        JsonNode error = EventCodec.mapper().readTree(response.body()).path("error").path("message");
        assertTrue(error.isTextual(), "Cloudinary's error shape: " + response.body());
        assertTrue(error.asText().contains(hostile.message()),
                "'" + error.asText() + "' should mention '" + hostile.message() + "'");
        assertTrue(took.compareTo(hostile.within()) <= 0, "answered in " + took + ", allowed " + hostile.within());
    }

    @Test
    @Order(2)
    void afterwardsANormalUploadIsNotifiedAndHeapAndTemporaryFilesAreBack() throws Exception {
        String publicId = "after-abuse/" + UUID.randomUUID();
        String hook = "https://hooks.example/" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.NOTIFICATION_REQUESTED));
            HttpResponse<String> response = send(signed(Map.of("public_id", publicId, "notification_url", hook,
                    "tags", "a,b", "context", "k=v")).apply(base.toURI()));
            assertEquals(200, response.statusCode(), response.body());
            NotificationRequested notification = EventCodec.payload(TestEvents.awaitFor(consumer, List.of(publicId),
                    envelope -> {
                        NotificationRequested r = EventCodec.payload(envelope, NotificationRequested.class);
                        return r.notificationType().equals("upload") ? r.body().path("public_id").asText() : null;
                    }).get(publicId), NotificationRequested.class);
            assertEquals(List.of(hook), notification.targets());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals(tempBaseline, temporaryFiles(), "temporary files left behind"));
        long growth = heapAfterGc() - heapBaseline;
        assertTrue(growth < 64L * 1024 * 1024, "heap grew by " + growth + " bytes after GC");
    }

    static Stream<Named<Case>> cases() {
        List<Named<Case>> all = new ArrayList<>();
        String p256 = "p".repeat(256);
        String url2049 = "https://hooks.example/" + "u".repeat(2049);
        // ---- sizes and counts of parameters
        add(all, "public_id over 255", signed(Map.of("public_id", p256)), 400, "public_id");
        add(all, "folder over 255", signed(Map.of("folder", p256)), 400, "folder");
        add(all, "asset_folder over 255", signed(Map.of("asset_folder", p256)), 400, "asset_folder");
        add(all, "display_name over 255", signed(Map.of("display_name", p256)), 400, "display_name");
        add(all, "filename_override over 255", signed(Map.of("filename_override", p256)), 400, "filename_override");
        add(all, "101 tags", signed(Map.of("tags", numbered("t", 101, ","))), 400, "Too many tags");
        add(all, "a tag over 255", signed(Map.of("tags", "ok," + p256)), 400, "tag-length");
        add(all, "a context value over 4096", signed(Map.of("context", "k=" + "v".repeat(4097))), 400,
                "context-value-length");
        add(all, "a context key over 128", signed(Map.of("context", "k".repeat(129) + "=v")), 400, "key-length");
        add(all, "context over 64 KiB", signed(Map.of("context", pairs(40, 2000))), 413, "context-size");
        add(all, "context of 1 MB", signed(Map.of("context", "k=" + "v".repeat(1 << 20))), 413, "form-size");
        add(all, "multi-byte context value over 4096", signed(Map.of("context", "k=" + "é".repeat(4097))), 400,
                "context-value-length");
        add(all, "a metadata value over 4096", signed(Map.of("metadata", "k=" + "v".repeat(4097))), 400,
                "metadata-value-length");
        add(all, "metadata over 64 KiB", signed(Map.of("metadata", pairs(40, 2000))), 413, "metadata-size");
        add(all, "on_success over 64 KiB", signed(Map.of("on_success", "x".repeat(65537))), 413, "on-success-size");
        add(all, "on_success of 1 MB", signed(Map.of("on_success", "//" + "x".repeat(1 << 20))), 413, "form-size");
        add(all, "notification_url over 2048", signed(Map.of("notification_url", url2049)), 400, "notification_url");
        add(all, "eager_notification_url over 2048", signed(Map.of("eager", "w_10",
                "eager_notification_url", url2049)), 400, "eager_notification_url");
        add(all, "callback over 2048", signed(Map.of("callback", url2049)), 400, "callback");
        add(all, "21 eager transformations", signed(Map.of("eager", numbered("w_", 21, "|"))), 400, "max-eager");
        add(all, "an eager transformation over 1024", signed(Map.of("eager", "w_10," + "c_fill,".repeat(200)
                + "h_10")), 400, "eager-length");
        add(all, "moderation over 1024", signed(Map.of("moderation", "manual|".repeat(200))), 400, "value-length");
        add(all, "headers of 300 KB", signed(Map.of("headers", "X: " + "h".repeat(300_000))), 413, "form-size");
        add(all, "150 form fields", raw(multipart(IntStream.range(0, 150).mapToObj(i -> Map.entry("f" + i, "v"))
                .toList(), true)), 400, "Too many form fields");
        add(all, "900 form fields", raw(multipart(IntStream.range(0, 900).mapToObj(i -> Map.entry("f" + i, "v"))
                .toList(), true)), 400, "Too many form fields");
        add(all, "150 urlencoded fields", form(IntStream.range(0, 150).mapToObj(i -> "f" + i + "=v")
                .collect(Collectors.joining("&"))), 400, "Too many form fields");
        // ---- data URIs and other file values
        add(all, "data URI over its limit", signed(Map.of("file", "data:image/png;base64,"
                + "A".repeat(1_100_000)), false), 413, "data-uri-size");
        add(all, "data URI with bad base64", signed(Map.of("file", "data:image/png;base64,!!!!AAAA"), false), 400,
                "Invalid data URI");
        add(all, "data URI with a dangling byte", signed(Map.of("file", "data:image/png;base64,QUJDR"), false),
                400, "Invalid data URI");
        add(all, "data URI not base64", signed(Map.of("file", "data:text/plain,hello"), false), 400,
                "Invalid data URI");
        add(all, "data URI with a huge header", signed(Map.of("file", "data:" + "x".repeat(1000) + ";base64,QUJD"),
                false), 400, "Invalid data URI");
        add(all, "data URI of non-image bytes", signed(Map.of("file", "data:image/png;base64,"
                + Base64.getEncoder().encodeToString("not an image".getBytes(StandardCharsets.UTF_8))), false),
                400, "Invalid image file");
        add(all, "file=javascript:", signed(Map.of("file", "javascript:alert(1)"), false), 400,
                "Invalid file parameter");
        add(all, "file=ftp:", signed(Map.of("file", "ftp://127.0.0.1/x.png"), false), 400, "http and https");
        add(all, "file URL with a space", signed(Map.of("file", "http://exa mple.com/x.png"), false), 400,
                "Invalid file URL");
        // ---- broken encodings and bodies
        add(all, "multipart cut inside the file", raw(truncated(0.6)), 400, "");
        add(all, "multipart cut inside part headers", raw(truncated(0.02)), 400, "");
        add(all, "multipart with no closing boundary", raw(truncated(0.98)), 400, "");
        add(all, "multipart body without parts", raw("garbage without any boundary".getBytes(StandardCharsets.UTF_8)),
                400, "");
        add(all, "multipart without a boundary parameter", uri -> post(uploadUri(uri), "multipart/form-data",
                multipart(List.of(Map.entry("a", "b")), true)), 400, "");
        add(all, "urlencoded with broken percent escapes", form("public_id=%zz&timestamp=%&signature=%G1"), 400, "");
        add(all, "a text/plain body", uri -> post(uploadUri(uri), "text/plain", "file=x".getBytes(StandardCharsets.UTF_8)), 415,
                "Unsupported content type");
        // ---- credentials and signatures
        add(all, "forged signature", withSignature("0".repeat(40)), 401, "Invalid Signature");
        add(all, "forged SHA-256 signature", withSignature("f".repeat(64)), 401, "Invalid Signature");
        add(all, "signature made with another secret", uri -> signedWith(Map.of(), "not-the-secret", true, 0)
                .apply(uri), 401, "Invalid Signature");
        add(all, "stale timestamp", stamped(-7200), 400, "Stale request");
        add(all, "timestamp two hours ahead", stamped(7200), 400, "in the future");
        add(all, "timestamp eleven minutes ahead", stamped(660), 400, "in the future");
        add(all, "non-numeric timestamp", signed(Map.of("timestamp", "soon")), 400, "timestamp");
        add(all, "unknown api_key", uri -> post(uploadUri(uri), "multipart/form-data; boundary=" + BOUNDARY,
                multipart(List.of(Map.entry("api_key", "999"), Map.entry("timestamp", now()),
                        Map.entry("signature", "x")), true)), 401, "Unknown API key");
        add(all, "unknown cloud", uri -> post(uri.resolve("v1_1/nosuchcloud/image/upload"),
                "multipart/form-data; boundary=" + BOUNDARY, multipart(List.of(), true)), 401, "Invalid cloud_name");
        add(all, "unknown cloud with a 2 MB body", uri -> HttpRequest.newBuilder(
                        uri.resolve("v1_1/nosuchcloud/image/upload")).expectContinue(true)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20])).build(), 401, "Invalid cloud_name");
        add(all, "unsigned without a preset", raw(multipart(List.of(), true)), 400, "Upload preset must be");
        add(all, "unsigned with an unknown preset", raw(multipart(List.of(Map.entry("upload_preset", "nope")), true)),
                400, "not found");
        add(all, "unsigned with a forbidden parameter", raw(multipart(List.of(Map.entry("upload_preset", "abuse_open"),
                Map.entry("notification_url", "https://x.example/")), true)), 400, "not allowed");
        add(all, "unsigned preset, public_id over 255", raw(multipart(List.of(Map.entry("upload_preset", "abuse_open"),
                Map.entry("public_id", p256)), true)), 400, "public-id-length");
        add(all, "unsigned preset, 101 tags", raw(multipart(List.of(Map.entry("upload_preset", "abuse_open"),
                Map.entry("tags", numbered("t", 101, ","))), true)), 400, "Too many tags");
        // ---- Admin API and presets
        add(all, "preset with 101 tags", admin("upload_presets", "name=abuse_tags&tags="
                + numbered("t", 101, ",")), 400, "Too many tags");
        add(all, "preset with a 70 KB on_success", admin("upload_presets", "name=abuse_js&on_success="
                + "x".repeat(70_000)), 413, "on-success-size");
        add(all, "preset with a long notification_url", admin("upload_presets", "name=abuse_url&notification_url="
                + URLEncoder.encode(url2049, StandardCharsets.UTF_8)), 400, "url-length");
        add(all, "preset update with a 1 MB context", uri -> HttpRequest.newBuilder(uri.resolve("v1_1/"
                        + SdkClients.config("cloud-name") + "/upload_presets/abuse_open"))
                .header("Authorization", basic(SdkClients.config("api-key"), SdkClients.config("api-secret")))
                .header("Content-Type", "application/x-www-form-urlencoded").expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofString("context=k%3D" + "v".repeat(1 << 20))).build(), 413,
                "admin-body-size");
        add(all, "Admin call with wrong credentials", uri -> HttpRequest.newBuilder(uri.resolve("v1_1/"
                        + SdkClients.config("cloud-name") + "/upload_presets"))
                .header("Authorization", basic(SdkClients.config("api-key"), "wrong")).expectContinue(true)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1 << 20])).build(), 401, "");
        add(all, "trigger with a 3000-character uri", uri -> HttpRequest.newBuilder(uri.resolve("v1_1/"
                        + SdkClients.config("cloud-name") + "/triggers"))
                .header("Authorization", basic(SdkClients.config("api-key"), SdkClients.config("api-secret")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uri\":\"https://x.example/" + "u".repeat(3000)
                        + "\",\"event_type\":\"upload\"}")).build(), 400, "url-length");
        // ---- traversal in public ids and folders
        for (String id : List.of("../x", "a/../../x", "%2e%2e/x", "..%2fx", "..\\x", "/etc/passwd", "a//b", "x\u0000y",
                "./x", "a/./b", "x/..")) {
            add(all, "public_id " + id.replace("\u0000", "NUL"), signed(Map.of("public_id", id)), 400, "public_id");
        }
        add(all, "folder ../../etc", signed(Map.of("folder", "../../etc")), 400, "folder");
        // ---- SSRF: loopback, private ranges and their other spellings
        for (String target : List.of("http://127.0.0.1:1/x.png", "http://localhost:1/x.png", "http://[::1]:1/x.png",
                "http://[::ffff:127.0.0.1]/x.png", "http://2130706433/x.png", "http://127.1/x.png",
                "http://user@127.0.0.1/x.png", "http://0.0.0.0/x.png", "http://[::]/x.png", "http://10.0.0.1/x.png",
                "http://172.16.0.1/x.png", "http://192.168.1.1/x.png", "http://100.64.0.1/x.png",
                "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/x.png", "http://[fe80::1]/x.png",
                "http://[::ffff:10.0.0.1]/x.png", "http://[64:ff9b::a00:1]/x.png", "http://224.0.0.1/x.png")) {
            add(all, "fetch " + target, signed(Map.of("file", target), false), 400, "refused", FETCH);
        }
        for (String target : List.of("http://0x7f000001/x.png", "http://0177.0.0.1/x.png",
                "http://017700000001/x.png")) {
            add(all, "fetch " + target, signed(Map.of("file", target), false), 400, "", FETCH);
        }
        // ---- redirects and slow or oversized answers from the allowed hostile server
        add(all, "redirect to file:", fetch("/to-file"), 400, "'file'", FETCH);
        add(all, "redirect to gopher:", fetch("/to-gopher"), 400, "'gopher'", FETCH);
        add(all, "redirect to ftp:", fetch("/to-ftp"), 400, "'ftp'", FETCH);
        add(all, "redirect to another loopback port", fetch("/to-loopback"), 400, "refused", FETCH);
        add(all, "redirect to the metadata service", fetch("/to-metadata"), 400, "link-local", FETCH);
        add(all, "redirect to a private address", fetch("/to-private"), 400, "private", FETCH);
        add(all, "endless redirects", fetch("/loop"), 400, "redirects", FETCH);
        add(all, "redirect to a malformed location", fetch("/to-bad-location"), 400, "redirect location", FETCH);
        add(all, "a body dripped byte by byte", fetch("/drip"), 400, "not complete within", FETCH);
        add(all, "headers that never come", fetch("/silent"), 400, "not complete within", FETCH);
        add(all, "a body over the file size limit", fetch("/huge"), 400, "File size too large", FETCH);
        add(all, "a server error", fetch("/error"), 400, "500", FETCH);
        return all.stream();
    }

    // ---- request builders

    private static void add(List<Named<Case>> all, String name, Function<URI, HttpRequest> request, int status,
                            String message) {
        add(all, name, request, status, message, QUICK);
    }

    private static void add(List<Named<Case>> all, String name, Function<URI, HttpRequest> request, int status,
                            String message, Duration within) {
        all.add(Named.of(name, new Case(request, status, message, within)));
    }

    private static URI uploadUri(URI base) {
        return base.resolve("v1_1/" + SdkClients.config("cloud-name") + "/image/upload");
    }

    private static HttpRequest post(URI uri, String contentType, byte[] body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** A signed multipart upload of a small PNG with these parameters. */
    static Function<URI, HttpRequest> signed(Map<String, String> params) {
        return signed(params, true);
    }

    private static Function<URI, HttpRequest> signed(Map<String, String> params, boolean withFile) {
        return signedWith(params, SdkClients.config("api-secret"), withFile, 0);
    }

    private static Function<URI, HttpRequest> stamped(long offsetSeconds) {
        return signedWith(Map.of(), SdkClients.config("api-secret"), true, offsetSeconds);
    }

    private static Function<URI, HttpRequest> signedWith(Map<String, String> params, String secret, boolean withFile,
                                                         long offsetSeconds) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.putIfAbsent("timestamp", Long.toString(System.currentTimeMillis() / 1000 + offsetSeconds));
        all.put("signature", RequestSignature.sign(all, secret, SignatureAlgorithm.SHA1, 2));
        all.put("api_key", SdkClients.config("api-key"));
        return raw(multipart(new ArrayList<>(all.entrySet()), withFile));
    }

    private static Function<URI, HttpRequest> withSignature(String signature) {
        return raw(multipart(List.of(Map.entry("timestamp", now()), Map.entry("signature", signature),
                Map.entry("api_key", SdkClients.config("api-key"))), true));
    }

    private static Function<URI, HttpRequest> fetch(String path) {
        return signed(Map.of("file", HostileServer.url(path)), false);
    }

    private static Function<URI, HttpRequest> raw(byte[] body) {
        return uri -> post(uploadUri(uri), "multipart/form-data; boundary=" + BOUNDARY, body);
    }

    private static Function<URI, HttpRequest> form(String body) {
        return uri -> post(uploadUri(uri), "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    private static Function<URI, HttpRequest> admin(String path, String form) {
        return uri -> HttpRequest.newBuilder(uri.resolve("v1_1/" + SdkClients.config("cloud-name") + "/" + path))
                .header("Authorization", basic(SdkClients.config("api-key"), SdkClients.config("api-secret")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] multipart(List<Map.Entry<String, String>> fields, boolean withFile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (withFile) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.png\""
                    + "\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(png());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A correctly signed upload whose body stops at {@code fraction} of its length. */
    private static byte[] truncated(double fraction) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("timestamp", now());
        params.put("public_id", "cut/" + UUID.randomUUID());
        params.put("signature", RequestSignature.sign(params, SdkClients.config("api-secret"),
                SignatureAlgorithm.SHA1, 2));
        params.put("api_key", SdkClients.config("api-key"));
        byte[] whole = multipart(new ArrayList<>(params.entrySet()), true);
        byte[] cut = new byte[(int) (whole.length * fraction)];
        System.arraycopy(whole, 0, cut, 0, cut.length);
        return cut;
    }

    private static byte[] png() {
        try {
            return UploadApiTest.image("png", 64, 64);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String now() {
        return Long.toString(System.currentTimeMillis() / 1000);
    }

    private static String numbered(String prefix, int count, String separator) {
        return IntStream.range(0, count).mapToObj(i -> prefix + (i + 1)).collect(Collectors.joining(separator));
    }

    /** {@code count} pairs {@code kN=vvv…} whose values have {@code length} characters. */
    private static String pairs(int count, int length) {
        return IntStream.range(0, count).mapToObj(i -> "k" + i + "=" + "v".repeat(length))
                .collect(Collectors.joining("|"));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The gateway's temporary files: its own copies and the HTTP layer's stored parts. */
    private static long temporaryFiles() {
        File tmp = new File(System.getProperty("java.io.tmpdir"));
        File[] own = tmp.listFiles((dir, name) -> name.startsWith("upshot-") && name.endsWith(".bin"));
        File[] parts = new File(tmp, "upshot-gateway-uploads").listFiles();
        return (own == null ? 0 : own.length) + (parts == null ? 0 : parts.length);
    }
}
