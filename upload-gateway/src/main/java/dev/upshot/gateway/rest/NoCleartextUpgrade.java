package dev.upshot.gateway.rest;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * No HTTP/2 upgrade on the plain-HTTP port: a client that asks for one ({@code Upgrade: h2c}, as Java's HttpClient
 * does by default) with an upload of more than about 64 KiB got no answer until the idle timeout, because the
 * upgrade stalls on a body larger than HTTP/2's first flow-control window. Such clients now go on in HTTP/1.1,
 * which every Cloudinary SDK uses; HTTP/2 over TLS (ALPN) is unchanged.
 */
@ApplicationScoped
public class NoCleartextUpgrade implements HttpServerOptionsCustomizer {
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
