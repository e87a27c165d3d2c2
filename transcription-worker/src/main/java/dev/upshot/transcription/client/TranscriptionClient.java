package dev.upshot.transcription.client;

import dev.upshot.kit.net.NoDelaySockets;
import dev.upshot.kit.net.TargetGuard;
import dev.upshot.messaging.DependencyUnavailableException;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sends a WAV file to an OpenAI-compatible transcription endpoint: {@code POST {url}/audio/transcriptions}, multipart
 * {@code file}, {@code model}, {@code response_format=verbose_json}, {@code timestamp_granularities[]} {@code word}
 * and {@code segment}, and {@code language} when one is asked. The file is streamed from disk. Redirects are not
 * followed, and every request checks the resolved addresses with the SSRF guard and connects to the address checked.
 *
 * <p>Failures are sorted for the consumer: an endpoint out of reach, overloaded (429) or down (502–504) is
 * {@link DependencyUnavailableException}, waited out; an answer refusing this request (another 4xx, or the guard
 * refusing the URL) is {@link Refused}, recorded at once; a time-out or another 5xx is a plain failure, retried a few
 * times, then recorded.
 */
public final class TranscriptionClient {

    /** The endpoint will not transcribe this request (a 4xx answer, or a URL the SSRF guard refuses). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** Longest answer read: the verbose JSON of an hour of speech is a few megabytes. */
    private static final int MAX_ANSWER_BYTES = 32 << 20;
    /** Longest part of an error answer quoted in the recorded failure. */
    private static final int MAX_QUOTED = 200;
    private static final MediaType WAV = MediaType.get("audio/wav");

    private final URI endpoint;
    private final String model;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final TargetGuard guard;
    private final OkHttpClient http;

    public TranscriptionClient(String baseUrl, String model, Optional<String> apiKey, Duration timeout,
                               TargetGuard guard) {
        this.endpoint = guard.checkUrl(baseUrl.replaceAll("/+$", "") + "/audio/transcriptions");
        this.model = model;
        this.apiKey = apiKey.filter(k -> !k.isBlank());
        this.timeout = timeout;
        this.guard = guard;
        this.http = new OkHttpClient.Builder().socketFactory(new NoDelaySockets()).connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                .callTimeout(timeout).followRedirects(false).followSslRedirects(false)
                .retryOnConnectionFailure(false).build();
    }

    /**
     * The endpoint's verbose JSON answer for {@code wav}.
     *
     * @param language an ISO 639-1 code, when the request names one
     * @throws Refused                        the endpoint refused this request: no retry helps
     * @throws DependencyUnavailableException the endpoint is out of reach or overloaded
     * @throws IllegalStateException          a time-out or a server error: retrying may help
     */
    public byte[] transcribe(Path wav, Optional<String> language) throws Refused {
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "audio.wav", RequestBody.create(wav.toFile(), WAV))
                .addFormDataPart("model", model)
                .addFormDataPart("response_format", "verbose_json")
                .addFormDataPart("timestamp_granularities[]", "word")
                .addFormDataPart("timestamp_granularities[]", "segment");
        language.ifPresent(code -> form.addFormDataPart("language", code));
        Request.Builder request = new Request.Builder().url(endpoint.toString()).post(form.build());
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        InetAddress address;
        try {
            address = guard.resolve(endpoint);
        } catch (TargetGuard.TargetRefused e) {
            throw new Refused("transcription endpoint refused: " + e.getMessage());
        } catch (IOException e) {
            throw new DependencyUnavailableException("transcription endpoint unreachable: " + e.getMessage(), e);
        }
        int status;
        byte[] answer;
        try (Response response = http.newBuilder().dns(host -> List.of(address)).build()
                .newCall(request.build()).execute(); InputStream in = response.body().byteStream()) {
            status = response.code();
            answer = in.readNBytes(MAX_ANSWER_BYTES);
        } catch (InterruptedIOException e) {
            // no cause kept: a time-out is not an outage, and a file too long for the budget must not wait forever
            throw new IllegalStateException("transcription endpoint did not answer within " + timeout);
        } catch (IOException e) {
            throw new DependencyUnavailableException("transcription endpoint unreachable: " + e.getMessage(), e);
        }
        if (status == 200) {
            return answer;
        }
        String failure = "transcription endpoint answered HTTP " + status + quoted(status, answer);
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            throw new DependencyUnavailableException(failure, null);
        }
        if (status >= 400 && status < 500) {
            throw new Refused(failure);
        }
        throw new IllegalStateException(failure);
    }

    /** The start of an error answer, for the recorded failure; never on 401/403, whose text may echo the key. */
    private String quoted(int status, byte[] answer) {
        if (status == 401 || status == 403 || answer.length == 0) {
            return "";
        }
        String text = new String(answer, 0, Math.min(answer.length, MAX_QUOTED), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").strip();
        if (apiKey.isPresent()) {
            text = text.replace(apiKey.get(), "***");
        }
        return ": " + text;
    }
}
