package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.InputLimits;
import dev.upshot.gateway.service.StoredAssetWork;
import dev.upshot.gateway.service.UploadAnswer;
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
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** {@code POST /v1_1/{cloud}/{resource_type}/explicit}: post-upload work on a stored asset, signed like an upload. */
@Path("/v1_1/{cloud}/{resourceType}/explicit")
@Produces(MediaType.APPLICATION_JSON)
public class ExplicitResource {
    private final StoredAssetWork work;
    private final GatewayConfig config;
    private final InputLimits limits;

    public ExplicitResource(StoredAssetWork work, GatewayConfig config, InputLimits limits) {
        this.work = work;
        this.config = config;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<UploadAnswer> multipart(@RestPath String cloud, @RestPath String resourceType,
                                       MultipartFormDataInput input, @Context UriInfo uri) {
        Forms form = Forms.of(input, limits);
        if (form.file() != null) {
            throw ApiException.badRequest("explicit takes no file: it works on the stored asset");
        }
        return work.explicit(cloud, resourceType, form.fields(), config.publicBaseUrl().orElse(uri.getBaseUri()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<UploadAnswer> form(@RestPath String cloud, @RestPath String resourceType,
                                  MultivaluedMap<String, String> form, @Context UriInfo uri) {
        return work.explicit(cloud, resourceType, Forms.of(form, limits).fields(),
                config.publicBaseUrl().orElse(uri.getBaseUri()));
    }
}
