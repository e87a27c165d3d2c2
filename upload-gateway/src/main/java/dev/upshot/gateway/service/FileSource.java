package dev.upshot.gateway.service;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.contracts.net.TargetGuard;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Turns the {@code file} parameter into a local file: a binary part as received, a base64 data URI decoded, or
 * an http(s) URL fetched within limits (size, time, redirects) and refused when it points inside the network.
 * Blocking.
 */
@ApplicationScoped
public class FileSource {
    private final GatewayConfig.Fetch fetch;
    private final long maxSize;
    private final TargetGuard guard;
    private final HttpClient http;

    public FileSource(GatewayConfig config) {
        this.fetch = config.upload().fetch();
        this.maxSize = config.upload().maxFileSize();
        this.guard = new TargetGuard(fetch.allowLoopback(), fetch.allowPrivate());
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(fetch.timeout()).build();
    }

    /** A local copy of the upload and the name it came with (null when it had none). */
    public record LocalFile(Path path, String filename, boolean temporary) {
    }

    public LocalFile fromText(String value) throws IOException {
        if (value.startsWith("data:")) {
            return fromDataUri(value);
        }
        if (value.regionMatches(true, 0, "http://", 0, 7) || value.regionMatches(true, 0, "https://", 0, 8)) {
            return fromUrl(URI.create(value.strip()));
        }
        if (value.matches("(?i)^(ftp|s3|gs)://.*")) {
            throw ApiException.badRequest("Remote files are only fetched over http and https");
        }
        throw ApiException.badRequest("Invalid file parameter: expected a file part, a data URI or an http(s) URL");
    }

    public long maxSize() {
        return maxSize;
    }

    private LocalFile fromDataUri(String uri) throws IOException {
        int comma = uri.indexOf(',');
        if (comma < 0 || !uri.substring(0, comma).endsWith(";base64")) {
            throw ApiException.badRequest("Invalid data URI: only base64 data URIs are supported");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(uri.substring(comma + 1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid data URI: " + e.getMessage());
        }
        checkSize(bytes.length);
        Path path = Files.createTempFile("upshot-data-", ".bin");
        Files.write(path, bytes);
        return new LocalFile(path, null, true);
    }

    private LocalFile fromUrl(URI uri) throws IOException {
        URI current = uri;
        for (int hop = 0; hop <= fetch.maxRedirects(); hop++) {
            refuseInternal(current);
            HttpResponse<InputStream> response = send(current);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
                response.body().close();
                current = current.resolve(response.headers().firstValue("location").get());
                continue;
            }
            if (status != 200) {
                response.body().close();
                throw ApiException.badRequest("Error in loading " + uri + " - " + status);
            }
            return new LocalFile(copyBounded(response.body()), filenameOf(current), true);
        }
        throw ApiException.badRequest("Error in loading " + uri + " - more than " + fetch.maxRedirects() + " redirects");
    }

    /** Every hop is checked: a public URL may redirect inwards. */
    private void refuseInternal(URI uri) {
        try {
            guard.checkUrl(uri.toString());
            guard.choose(uri.getHost(), List.of(InetAddress.getAllByName(uri.getHost())));
        } catch (TargetGuard.TargetRefused e) {
            throw ApiException.badRequest("Remote file refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            throw ApiException.badRequest("Error in loading " + uri + " - unknown host");
        }
    }

    private HttpResponse<InputStream> send(URI uri) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(fetch.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw ApiException.badRequest("Error in loading " + uri + " - " + e.getMessage());
        }
    }

    private Path copyBounded(InputStream body) throws IOException {
        Path path = Files.createTempFile("upshot-fetch-", ".bin");
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
}
