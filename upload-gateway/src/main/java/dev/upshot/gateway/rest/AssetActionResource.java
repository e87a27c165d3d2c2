package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.ActionParams;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.AssetActions;
import dev.upshot.gateway.service.DeleteTokens;
import dev.upshot.gateway.service.InputLimits;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upload API actions on stored assets, {@code POST /v1_1/{cloud}/{resource_type}/{action}}: multipart as the SDKs
 * send them, or urlencoded. All are signed but {@code delete_by_token}, whose token is the authority (the Java SDK
 * signs it anyway; the signature is not needed).
 */
@Path("/v1_1/{cloud}/{resourceType: image|video|raw|auto}/{action: destroy|rename|tags|context|metadata|delete_by_token}")
@Produces(MediaType.APPLICATION_JSON)
public class AssetActionResource {
    private final AssetActions actions;
    private final DeleteTokens tokens;
    private final InputLimits limits;
    private final GatewayConfig config;

    public AssetActionResource(AssetActions actions, DeleteTokens tokens, InputLimits limits, GatewayConfig config) {
        this.actions = actions;
        this.tokens = tokens;
        this.limits = limits;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<?> multipart(@RestPath String cloud, @RestPath String resourceType, @RestPath String action,
                            MultipartFormDataInput input, @Context UriInfo uri) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        input.getValues().forEach((name, parts) -> {
            for (FormValue part : parts) {
                if (part.isFileItem()) {
                    throw ApiException.badRequest(name + ": a file is not a parameter of " + action);
                }
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(part.getValue());
            }
        });
        return run(cloud, resourceType, action, new ActionParams(values), uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<?> form(@RestPath String cloud, @RestPath String resourceType, @RestPath String action,
                       MultivaluedMap<String, String> form, @Context UriInfo uri) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        form.forEach((name, v) -> values.put(name, List.copyOf(v)));
        return run(cloud, resourceType, action, new ActionParams(values), uri);
    }

    private Uni<?> run(String cloud, String resourceType, String action, ActionParams params, UriInfo uri) {
        return switch (action) {
            case "destroy" -> actions.destroy(cloud, resourceType, params);
            case "rename" -> actions.rename(cloud, resourceType, params,
                    config.publicBaseUrl().orElse(uri.getBaseUri()));
            case "tags" -> actions.tags(cloud, resourceType, params);
            case "context" -> actions.context(cloud, resourceType, params);
            case "delete_by_token" -> {
                limits.checkForm(params.fieldCount(), params.signed());
                yield tokens.delete(cloud, params.text("token"));
            }
            default -> actions.metadata(cloud, resourceType, params);
        };
    }
}
