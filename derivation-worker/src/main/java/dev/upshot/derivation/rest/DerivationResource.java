package dev.upshot.derivation.rest;

import dev.upshot.contracts.DerivativesCreated;
import dev.upshot.contracts.transform.InvalidTransformationException;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.derivation.service.DerivationFailedException;
import dev.upshot.derivation.service.Derivations;
import dev.upshot.kit.rest.ErrorResponses;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Internal (not routed from outside the cluster; the NetworkPolicy admits only the gateway): renders and stores one
 * derivative that delivery asked for and that was not produced eagerly. Idempotent: the same request overwrites the
 * same object with the same bytes.
 */
@Path("/internal/derivations")
@Blocking
public class DerivationResource {
    private final Derivations derivations;

    public DerivationResource(Derivations derivations) {
        this.derivations = derivations;
    }

    /**
     * @param transformation the delivery URL's chain ({@code c_fill,h_100,w_100})
     * @param extension      the delivery URL's extension
     * @param accept         the browser's Accept header, for {@code f_auto}; may be absent
     */
    public record DerivationRequest(String bucket, String objectKey, String format, String transformation,
                                    String extension, String accept) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response derive(DerivationRequest request) throws Exception {
        if (request == null || request.bucket() == null || request.objectKey() == null
                || request.transformation() == null || request.extension() == null) {
            return ErrorResponses.of(400, "bucket, objectKey, transformation and extension are required");
        }
        try {
            Transformation t = Transformation.parse(request.transformation());
            String extension = Transformation.normalise(request.extension());
            if (!Transformation.FORMATS.contains(extension) && !Transformation.VIDEO_FORMATS.contains(extension)) {
                return ErrorResponses.of(400, "Unsupported format: " + request.extension());
            }
            DerivativesCreated.Derivative derivative = derivations.onRequest(
                    new Derivations.Original(request.bucket(), request.objectKey(), request.format()), t, extension,
                    request.accept() == null ? "" : request.accept());
            return Response.ok(derivative).build();
        } catch (InvalidTransformationException e) {
            return ErrorResponses.of(400, e.getMessage());
        } catch (DerivationFailedException e) {
            return ErrorResponses.of(422, e.getMessage());
        }
    }
}
