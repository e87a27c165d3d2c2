package dev.upshot.gateway.rest;

import dev.upshot.gateway.service.DeleteTokens;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** {@code delete_by_token} under a resource type, as the Java SDK calls it; see {@link DeleteByTokenResource}. */
@Path("/v1_1/{cloud}/{resourceType: image|video|raw|auto}/delete_by_token")
@Produces(MediaType.APPLICATION_JSON)
public class TypedDeleteByTokenResource {
    private final DeleteByTokenResource untyped;

    public TypedDeleteByTokenResource(DeleteByTokenResource untyped) {
        this.untyped = untyped;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<DeleteTokens.Result> form(@RestPath String cloud, MultivaluedMap<String, String> form) {
        return untyped.form(cloud, form);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<DeleteTokens.Result> multipart(@RestPath String cloud, MultipartFormDataInput input) {
        return untyped.multipart(cloud, input);
    }
}
