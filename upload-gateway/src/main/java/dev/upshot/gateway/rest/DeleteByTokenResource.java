package dev.upshot.gateway.rest;

import dev.upshot.gateway.service.DeleteTokens;
import dev.upshot.gateway.service.InputLimits;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * {@code POST /v1_1/{cloud}/delete_by_token}, unsigned, as browsers call it (Cloudinary's jQuery plugin and upload
 * widget): urlencoded, multipart or JSON {@code {"token": …}}. Under a resource type, as the Java SDK calls it, it is
 * one of the {@link AssetActionResource} actions.
 */
@Path("/v1_1/{cloud}/delete_by_token")
@Produces(MediaType.APPLICATION_JSON)
public class DeleteByTokenResource {
    private final DeleteTokens tokens;
    private final InputLimits limits;

    public DeleteByTokenResource(DeleteTokens tokens, InputLimits limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    /** A JSON body. */
    public record TokenRequest(String token) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<DeleteTokens.Result> form(@RestPath String cloud, MultivaluedMap<String, String> form) {
        return tokens.delete(cloud, Forms.of(form, limits).fields().get("token"));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<DeleteTokens.Result> multipart(@RestPath String cloud, MultipartFormDataInput input) {
        return tokens.delete(cloud, Forms.of(input, limits).fields().get("token"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DeleteTokens.Result> json(@RestPath String cloud, TokenRequest body) {
        return tokens.delete(cloud, body == null ? null : body.token());
    }
}
