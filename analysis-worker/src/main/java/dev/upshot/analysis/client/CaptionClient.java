package dev.upshot.analysis.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.kit.net.NoDelaySockets;
import dev.upshot.kit.net.TargetGuard;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Asks an OpenAI-compatible vision chat endpoint (OpenAI, vLLM, Ollama, LM Studio, …) for a caption:
 * {@code POST {url}/chat/completions} with the prompt and the image as a data URL, the caption being the first
 * choice's message. Redirects are not followed and every attempt checks the resolved addresses with the SSRF guard
 * and connects to the address checked, so a misconfigured or re-pointed URL cannot reach internal services.
 */
public final class CaptionClient {

    /** The provider answered nothing usable; the caller falls back. */
    public static final class CaptionFailed extends Exception {
        public CaptionFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Longest caption kept; a chatty model's essay is cut. */
    private static final int MAX_CAPTION = 500;
    /** Longest answer read; a chat completion with one short caption is far smaller. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private final URI endpoint;
    private final String model;
    private final Optional<String> apiKey;
    private final String prompt;
    private final Duration timeout;
    private final int attempts;
    private final TargetGuard guard;
    private final OkHttpClient http;

    public CaptionClient(String baseUrl, String model, Optional<String> apiKey, String prompt, Duration timeout,
                         int attempts, TargetGuard guard) {
        this.endpoint = guard.checkUrl(baseUrl.replaceAll("/+$", "") + "/chat/completions");
        this.model = model;
        this.apiKey = apiKey.filter(k -> !k.isBlank());
        this.prompt = prompt;
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
        this.guard = guard;
        this.http = new OkHttpClient.Builder().socketFactory(new NoDelaySockets()).connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout)
                .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false).build();
    }

    public String model() {
        return model;
    }

    /** The provider's caption of a JPEG. Network errors, 429 and 5xx are retried; other answers are final. */
    public String caption(byte[] jpeg) throws CaptionFailed, InterruptedException {
        byte[] body = body(jpeg);
        CaptionFailed last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                Thread.sleep(250L * (1L << (attempt - 2)));
            }
            try {
                InetAddress address = guard.resolve(endpoint);
                Request.Builder request = new Request.Builder().url(endpoint.toString())
                        .post(RequestBody.create(body, MediaType.get("application/json")));
                apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
                int status;
                byte[] answer;
                try (Response response = http.newBuilder().dns(host -> List.of(address)).build()
                        .newCall(request.build()).execute(); InputStream in = response.body().byteStream()) {
                    status = response.code();
                    answer = in.readNBytes(MAX_ANSWER_BYTES);
                }
                if (status == 200) {
                    return parse(answer);
                }
                last = new CaptionFailed("captioning provider answered HTTP " + status, null);
                if (status != 429 && status < 500) {
                    throw last;
                }
            } catch (IOException e) {
                last = new CaptionFailed("captioning provider unreachable: " + e, e);
            } catch (TargetGuard.TargetRefused e) {
                throw new CaptionFailed("captioning provider refused: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    private byte[] body(byte[] jpeg) {
        ObjectNode request = EventCodec.mapper().createObjectNode();
        request.put("model", model);
        request.put("max_tokens", 120);
        ArrayNode content = request.putArray("messages").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "text").put("text", prompt);
        content.addObject().put("type", "image_url").putObject("image_url")
                .put("url", "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg));
        try {
            return EventCodec.mapper().writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code choices[0].message.content}, a string or a list of text parts. */
    private static String parse(byte[] body) throws CaptionFailed {
        JsonNode content;
        try {
            content = EventCodec.mapper().readTree(body).at("/choices/0/message/content");
        } catch (IOException e) {
            throw new CaptionFailed("captioning provider answered malformed JSON", e);
        }
        StringBuilder text = new StringBuilder();
        if (content.isTextual()) {
            text.append(content.asText());
        } else {
            content.forEach(part -> text.append(part.path("text").asText("")));
        }
        String caption = text.toString().strip().replaceAll("\\s+", " ");
        if (caption.isEmpty()) {
            throw new CaptionFailed("captioning provider answered no caption", null);
        }
        return caption.length() <= MAX_CAPTION ? caption : caption.substring(0, MAX_CAPTION);
    }
}
