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
 * The Upload API's {@code delete_by_token}, unsigned: the token is the authority. Browsers call
 * {@code /v1_1/{cloud}/delete_by_token}; the Java SDK's path has the resource type ({@link TypedDeleteByTokenResource}).
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

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<DeleteTokens.Result> form(@RestPath String cloud, MultivaluedMap<String, String> form) {
        return delete(cloud, Forms.of(form, limits));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<DeleteTokens.Result> multipart(@RestPath String cloud, MultipartFormDataInput input) {
        return delete(cloud, Forms.of(input, limits));
    }

    private Uni<DeleteTokens.Result> delete(String cloud, Forms forms) {
        return tokens.delete(cloud, forms.fields().get("token"));
    }
}
