package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.kit.rest.ErrorResponses;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;

import java.net.URI;
import java.time.Duration;

/**
 * Admin API {@code /v1_1/{cloud}/webhooks/…} on the public port: forwarded as is to the webhook dispatcher, which
 * owns the delivery tables and authenticates the call itself with the same HTTP Basic credentials. Only the path,
 * query, Authorization, Content-Type and body pass; the answer comes back unchanged.
 */
@Path("/v1_1/{cloud}/webhooks/{path: .+}")
public class WebhookAdminProxy {
    private static final Logger LOG = Logger.getLogger(WebhookAdminProxy.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final WebClient client;
    private final URI dispatcher;

    public WebhookAdminProxy(Vertx vertx, GatewayConfig config) {
        this.dispatcher = config.dispatcherUrl();
        this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) TIMEOUT.toMillis()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @GET
    public Uni<Response> get(UriInfo uri, @RestHeader(HttpHeaders.AUTHORIZATION) String auth) {
        return forward(HttpMethod.GET, uri, auth, null, null);
    }

    @POST
    public Uni<Response> post(UriInfo uri, @RestHeader(HttpHeaders.AUTHORIZATION) String auth,
                              @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        return forward(HttpMethod.POST, uri, auth, contentType, body);
    }

    private Uni<Response> forward(HttpMethod method, UriInfo uri, String auth, String contentType, byte[] body) {
        String target = dispatcher.resolve(uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery()))
                .toString();
        HttpRequest<Buffer> request = client.requestAbs(method, target).timeout(TIMEOUT.toMillis());
        if (auth != null) {
            request.putHeader(HttpHeaders.AUTHORIZATION, auth);
        }
        if (contentType != null) {
            request.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        }
        Uni<io.vertx.mutiny.ext.web.client.HttpResponse<Buffer>> sent = body == null ? request.send()
                : request.sendBuffer(Buffer.buffer(body));
        return sent.map(answer -> {
                    Response.ResponseBuilder response = Response.status(answer.statusCode());
                    String type = answer.getHeader(HttpHeaders.CONTENT_TYPE);
                    if (type != null) {
                        response.type(type);
                    }
                    return response.entity(answer.body() == null ? new byte[0] : answer.body().getBytes()).build();
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("webhook dispatcher at %s unreachable for %s: %s", dispatcher, target, e.toString());
                    return ErrorResponses.of(502, "Webhook delivery log temporarily unavailable; retry later");
                });
    }
}
