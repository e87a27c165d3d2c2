package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.FileSource;
import dev.upshot.gateway.service.InputLimits;
import dev.upshot.gateway.service.UploadAnswer;
import dev.upshot.gateway.service.UploadService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;

import java.nio.file.StandardCopyOption;

/** {@code POST /v1_1/{cloud}/{image|video|raw|auto}/upload}, multipart (as the SDKs send) or urlencoded. */
@Path("/v1_1/{cloud}/{resourceType}/upload")
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {
    private final UploadService uploads;
    private final GatewayConfig config;
    private final InputLimits limits;

    public UploadResource(UploadService uploads, GatewayConfig config, InputLimits limits) {
        this.uploads = uploads;
        this.config = config;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<UploadAnswer> multipart(@RestPath String cloud, @RestPath String resourceType,
                                       MultipartFormDataInput input, @Context UriInfo uri,
                                       @RestHeader("X-Unique-Upload-Id") String uploadId,
                                       @RestHeader("Content-Range") String contentRange) throws IOException {
        Forms form = Forms.of(input, limits);
        if (contentRange != null && (uploadId == null || uploadId.isBlank())) {
            throw ApiException.badRequest("A chunked upload (Content-Range) needs the X-Unique-Upload-Id header");
        }
        FileSource.LocalFile file = form.file() == null ? null : localFile(form.file());
        if (contentRange != null) {
            // upload_large: one chunk of a file, placed by Content-Range, joined by X-Unique-Upload-Id
            return uploads.uploadChunk(cloud, resourceType, form.fields(), file, uploadId.strip(), contentRange,
                    base(uri));
        }
        return uploads.upload(cloud, resourceType, form.fields(), file, base(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<UploadAnswer> form(@RestPath String cloud, @RestPath String resourceType,
                                  MultivaluedMap<String, String> form, @Context UriInfo uri) {
        return uploads.upload(cloud, resourceType, Forms.of(form, limits).fields(), null, base(uri));
    }

    private URI base(UriInfo uri) {
        return config.publicBaseUrl().orElse(uri.getBaseUri());
    }

    /** Parts over the in-memory threshold are already on disk; small ones are written out for uniform handling. */
    private static FileSource.LocalFile localFile(FormValue value) throws IOException {
        if (!value.getFileItem().isInMemory()) {
            return new FileSource.LocalFile(value.getFileItem().getFile(), value.getFileName(), false);
        }
        java.nio.file.Path path = Files.createTempFile("upshot-part-", ".bin");
        try (var in = value.getFileItem().getInputStream()) {
            Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return new FileSource.LocalFile(path, value.getFileName(), true);
    }
}
