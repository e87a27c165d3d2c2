package dev.upshot.gateway.service;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.kit.net.TargetGuard;
import jakarta.enterprise.context.ApplicationScoped;

import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Turns the {@code file} parameter into a local file: a binary part as received, a base64 data URI decoded as a
 * stream, or an http(s) URL fetched within limits (size, one deadline for the whole fetch, redirects) and refused
 * when it points inside the network. Each hop connects to the very address the guard checked. Blocking.
 */
@ApplicationScoped
public class FileSource {
    /** Longest accepted {@code data:…;base64} header before the comma. */
    private static final int MAX_DATA_URI_HEADER = 256;

    private final GatewayConfig.Fetch fetch;
    private final long maxSize;
    private final TargetGuard guard;
    private final OkHttpClient http;

    public FileSource(GatewayConfig config) {
        this.fetch = config.upload().fetch();
        this.maxSize = config.upload().maxFileSize();
        this.guard = new TargetGuard(fetch.allowLoopback(), fetch.allowPrivate(),
                fetch.loopbackPorts().orElse(Set.of()));
        this.http = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
                .retryOnConnectionFailure(false).connectTimeout(fetch.timeout()).readTimeout(fetch.timeout())
                .build();
    }

    /** A local copy of the upload and the name it came with (null when it had none). */
    public record LocalFile(Path path, String filename, boolean temporary) {
    }

    public LocalFile fromText(String value) throws IOException {
        if (value.startsWith("data:")) {
            return fromDataUri(value);
        }
        if (value.regionMatches(true, 0, "http://", 0, 7) || value.regionMatches(true, 0, "https://", 0, 8)) {
            try {
                return fromUrl(new URI(value.strip()));
            } catch (URISyntaxException e) {
                throw ApiException.badRequest("Invalid file URL: " + e.getReason());
            }
        }
        if (value.matches("(?i)^(ftp|s3|gs)://.*")) {
            throw ApiException.badRequest("Remote files are only fetched over http and https");
        }
        throw ApiException.badRequest("Invalid file parameter: expected a file part, a data URI or an http(s) URL");
    }

    public long maxSize() {
        return maxSize;
    }

    /** Decoded while streaming from the text to disk: no second copy of the file on the heap. */
    private LocalFile fromDataUri(String uri) throws IOException {
        int comma = uri.indexOf(',', 0);
        if (comma < 0 || comma > MAX_DATA_URI_HEADER || !uri.substring(0, comma).endsWith(";base64")) {
            throw ApiException.badRequest("Invalid data URI: only base64 data URIs are supported");
        }
        try {
            return new LocalFile(copyBounded(Base64.getDecoder().wrap(new Base64Text(uri, comma + 1)),
                    "upshot-data-"), null, true);
        } catch (IOException e) {
            throw ApiException.badRequest("Invalid data URI: " + e.getMessage());
        }
    }

    private LocalFile fromUrl(URI uri) throws IOException {
        long deadline = System.nanoTime() + fetch.timeout().toNanos();
        URI current = uri;
        for (int hop = 0; hop <= fetch.maxRedirects(); hop++) {
            InetAddress address = checked(current);
            // the DNS hook answers with the checked address only: no second lookup between check and connect
            Call call = http.newBuilder().dns(host -> List.of(address)).build().newCall(request(current));
            call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                int status = response.code();
                String location = response.header("location");
                if (status >= 300 && status < 400 && location != null) {
                    current = redirect(uri, current, location);
                    continue;
                }
                if (status != 200) {
                    throw ApiException.badRequest("Error in loading " + uri + " - " + status);
                }
                return new LocalFile(copyBounded(response.body().byteStream(), "upshot-fetch-"), filenameOf(current),
                        true);
            } catch (IOException e) {
                if (e instanceof InterruptedIOException || System.nanoTime() - deadline >= 0) {
                    throw ApiException.badRequest("Error in loading " + uri + " - not complete within "
                            + fetch.timeout().toMillis() + " ms (upshot.upload.fetch.timeout)");
                }
                throw ApiException.badRequest("Error in loading " + uri + " - " + e.getMessage());
            }
        }
        throw ApiException.badRequest("Error in loading " + uri + " - more than " + fetch.maxRedirects() + " redirects");
    }

    private static Request request(URI uri) {
        try {
            return new Request.Builder().url(uri.toString()).get().build();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid file URL: " + e.getMessage());
        }
    }

    private static URI redirect(URI original, URI current, String location) {
        try {
            return current.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw ApiException.badRequest("Error in loading " + original + " - invalid redirect location");
        }
    }

    /** Every hop is checked: a public URL may redirect inwards, or to another scheme. */
    private InetAddress checked(URI uri) {
        try {
            return guard.resolve(uri);
        } catch (TargetGuard.TargetRefused e) {
            throw ApiException.badRequest("Remote file refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            throw ApiException.badRequest("Error in loading " + uri + " - unknown host");
        }
    }

    /** Copies to a new temporary file, refusing more than the file size limit; the file is removed on failure. */
    private Path copyBounded(InputStream body, String prefix) throws IOException {
        Path path = Files.createTempFile(prefix, ".bin");
        try (InputStream in = body; OutputStream out = Files.newOutputStream(path)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                checkSize(total);
                out.write(buffer, 0, n);
            }
            return path;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    public void checkSize(long size) {
        if (size > maxSize) {
            throw ApiException.badRequest("File size too large. Got " + size + ". Maximum is " + maxSize + ".");
        }
    }

    private static String filenameOf(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String last = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        return last.isBlank() ? null : last;
    }

    /**
     * The base64 text after the data URI's comma as ASCII bytes, whitespace skipped (the SDKs wrap long lines);
     * any other character becomes one the decoder refuses.
     */
    private static final class Base64Text extends InputStream {
        private final String text;
        private int position;

        Base64Text(String text, int start) {
            this.text = text;
            this.position = start;
        }

        @Override
        public int read() {
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (!Character.isWhitespace(c)) {
                    return c < 0x80 ? c : '!';
                }
            }
            return -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = 0;
            for (int c; n < length && (c = read()) >= 0; n++) {
                buffer[offset + n] = (byte) c;
            }
            return n == 0 && length > 0 ? -1 : n;
        }
    }
}
