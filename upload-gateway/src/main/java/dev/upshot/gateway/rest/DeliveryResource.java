package dev.upshot.gateway.rest;

import dev.upshot.contracts.transform.Transformation;
import dev.upshot.gateway.persistence.AccessRule;
import dev.upshot.gateway.service.Accounts;
import dev.upshot.gateway.service.ApiException;
import dev.upshot.gateway.service.DeliverySignature;
import dev.upshot.gateway.service.DerivedDelivery;
import dev.upshot.kit.rest.ErrorResponses;
import dev.upshot.kit.s3.ObjectStore;
import io.smallrye.common.annotation.Blocking;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivery: {@code GET /{cloud}/{resource_type}/{type}/[s--{signature}--/][{transformation}/][v{version}/]{public_id}.{format}}
 * (a transformation for images and videos),
 * streamed from S3 with ETag, Range and cache headers; a transformation serves a derived version
 * ({@link DerivedDelivery}). Types {@code private} and {@code authenticated}, and assets whose
 * {@code access_control} keeps them from anyone now, are served only by a signed URL ({@link DeliverySignature});
 * a signed URL may also ask for any transformation. Errors carry Cloudinary's {@code X-Cld-Error} header. Runs on a
 * worker thread: S3 streams block.
 */
@Path("/{cloud}/{resourceType: image|video|raw}/{type: upload|private|authenticated}/{path: .+}")
@Blocking
public class DeliveryResource {
    private static final Pattern VERSIONED = Pattern.compile("^v(\\d+)/(.+)$");
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);
    private static final AccessRule.Column ACCESS_RULES = new AccessRule.Column();

    private final Pool pool;
    private final ObjectStore store;
    private final DerivedDelivery derived;
    private final Accounts accounts;

    public DeliveryResource(Pool pool, ObjectStore store, DerivedDelivery derived, Accounts accounts) {
        this.pool = pool;
        this.store = store;
        this.derived = derived;
        this.accounts = accounts;
    }

    @GET
    public Response get(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                        @RestPath String path, @Context UriInfo uri, @RestHeader("Range") String range,
                        @RestHeader("If-None-Match") String ifNoneMatch, @RestHeader("Accept") String accept) {
        return respond(new Request(cloud, resourceType, type, path, uri.getRequestUri().getRawPath(), range,
                ifNoneMatch, accept), true);
    }

    @HEAD
    public Response head(@RestPath String cloud, @RestPath String resourceType, @RestPath String type,
                         @RestPath String path, @Context UriInfo uri, @RestHeader("Range") String range,
                         @RestHeader("If-None-Match") String ifNoneMatch, @RestHeader("Accept") String accept) {
        return respond(new Request(cloud, resourceType, type, path, uri.getRequestUri().getRawPath(), range,
                ifNoneMatch, accept), false);
    }

    /**
     * @param path    what follows the type, decoded
     * @param rawPath the whole request path as sent (a signature signs the encoded form)
     */
    private record Request(String cloud, String resourceType, String type, String path, String rawPath,
                           String range, String ifNoneMatch, String accept) {
        /** What follows the type, as sent. */
        String rawRest() {
            String head = "/" + cloud + "/" + resourceType + "/" + type + "/";
            int at = rawPath.indexOf(head);
            return at < 0 ? "" : rawPath.substring(at + head.length());
        }
    }

    /**
     * @param derivative     for a derived version: "generated" (made for this request) or "stored"; else null
     * @param variesByAccept an {@code f_auto} derivative: caches must key it by the Accept header
     * @param restricted     not public to anyone (its type or access_control): no shared caches
     */
    private record Stored(String objectKey, String etag, long bytes, String contentType, String format,
                          java.time.OffsetDateTime updatedAt, String derivative, boolean variesByAccept,
                          boolean restricted) {
    }

    private Response respond(Request request, boolean withBody) {
        try {
            return serve(request, withBody);
        } catch (dev.upshot.kit.rest.ApiException e) {
            // Cloudinary says why a delivery failed in this header (its error bodies are not JSON)
            return Response.fromResponse(ErrorResponses.of(e.status(), e.getMessage()))
                    .header("X-Cld-Error", e.getMessage().replaceAll("[^\\x20-\\x7e]", "?")).build();
        }
    }

    private Response serve(Request request, boolean withBody) {
        String resourceType = request.resourceType();
        String path = request.path();
        Optional<String> signature = DeliverySignature.component(path);
        if (signature.isPresent()) {
            String rawRest = request.rawRest();
            path = path.substring(signature.get().length() + 1);
            if (!DeliverySignature.verify(accounts.byCloud(request.cloud()), signature.get(),
                    rawRest.substring(Math.min(rawRest.length(), signature.get().length() + 1)), path)) {
                throw ApiException.unauthorized("Invalid signature " + signature.get() + " for this URL");
            }
        }
        boolean signed = signature.isPresent();
        // raw files are bytes: no derived versions; a video's are frames (so_…/id.jpg) and transcodes (id.mp4)
        String chain = resourceType.equals("raw") ? "" : leadingSteps(path);
        String unchained = chain.isEmpty() ? path : path.substring(chain.length() + 1);
        Matcher versioned = VERSIONED.matcher(unchained);
        boolean hasVersion = versioned.matches();
        String rest = hasVersion ? versioned.group(2) : unchained;
        Target target = new Target(request.cloud(), resourceType, request.type(), signed);
        Stored stored = !chain.isEmpty() ? derivative(target, rest, chain, request.accept())
                : resourceType.equals("raw") ? find(target, rest, null)
                : byExtension(target, rest);
        String etag = "\"" + stored.etag() + "\"";
        Response.ResponseBuilder response;
        if (etag.equals(request.ifNoneMatch())) {
            response = Response.notModified();
        } else {
            long[] span = span(request.range(), stored.bytes());
            response = span == null ? Response.ok() : Response.status(206)
                    .header("Content-Range", "bytes " + span[0] + "-" + (span[0] + span[1] - 1) + "/" + stored.bytes());
            long length = span == null ? stored.bytes() : span[1];
            response.header(HttpHeaders.CONTENT_LENGTH, length).type(stored.contentType());
            if (withBody) {
                long offset = span == null ? 0 : span[0];
                response.entity((StreamingOutput) out -> {
                    try (InputStream in = store.get(stored.objectKey(), offset, span == null ? 0 : length)) {
                        in.transferTo(out);
                    } catch (java.io.IOException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new java.io.IOException("object " + stored.objectKey() + " unreadable", e);
                    }
                });
            }
        }
        if (stored.derivative() != null) {
            response.header("X-Upshot-Derivative", stored.derivative());
        }
        if (stored.variesByAccept()) {
            response.header(HttpHeaders.VARY, "Accept");
        }
        return response.header(HttpHeaders.ETAG, etag)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, stored.restricted() ? "private, max-age=300"
                        : hasVersion ? "public, max-age=31536000, immutable" : "public, max-age=300")
                .header(HttpHeaders.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        stored.updatedAt().atZoneSameInstant(ZoneOffset.UTC)))
                .build();
    }

    /** The path's leading segments that read as transformation steps, joined by '/'; empty when none. */
    private static String leadingSteps(String path) {
        String[] segments = path.split("/");
        int steps = 0;
        // the last segment is the public id, never a step
        while (steps < segments.length - 1 && Transformation.looksLikeStep(segments[steps])) {
            steps++;
        }
        return String.join("/", java.util.Arrays.asList(segments).subList(0, steps));
    }

    /** Where the URL points and whether it is signed. */
    private record Target(String cloud, String resourceType, String type, boolean signed) {
    }

    /** A derived version: the URL's extension is the output format, not the original's. */
    private Stored derivative(Target target, String rest, String chain, String accept) {
        int dot = rest.lastIndexOf('.');
        if (dot <= 0 || rest.indexOf('/', dot) >= 0) {
            throw ApiException.notFound("Resource not found - " + rest + " (a derived version needs an extension)");
        }
        Stored original = find(target, rest.substring(0, dot), null);
        String extension = rest.substring(dot + 1);
        DerivedDelivery.Derived d = derived.find(target.cloud(), original.objectKey(), original.format(), chain,
                extension, accept, target.signed());
        return new Stored(d.objectKey(), d.etag(), d.bytes(), d.contentType(), extension, d.updatedAt(),
                d.generated() ? "generated" : "stored", d.variesByAccept(), original.restricted());
    }

    /** Images and videos are addressed as public id + extension; the extension must be the stored format. */
    private Stored byExtension(Target target, String rest) {
        int dot = rest.lastIndexOf('.');
        if (dot <= 0 || rest.indexOf('/', dot) >= 0) {
            return find(target, rest, null);
        }
        String format = rest.substring(dot + 1);
        return find(target, rest.substring(0, dot), format.equals("jpeg") ? "jpg" : format);
    }

    private Stored find(Target target, String publicId, String format) {
        RowIterator<Row> rows = pool.preparedQuery("select object_key, etag, bytes, content_type, format, updated_at, "
                        + "access_control "
                        + "from asset where cloud = $1 and resource_type = $2 and delivery_type = $3 and public_id = $4 "
                        // rejected by moderation: not delivered; pending still is (Cloudinary's default)
                        + "and moderation_status is distinct from 'rejected'")
                .execute(Tuple.of(target.cloud(), target.resourceType(), target.type(), publicId))
                .await().atMost(LOOKUP_TIMEOUT).iterator();
        if (!rows.hasNext()) {
            throw ApiException.notFound("Resource not found - " + publicId);
        }
        Row row = rows.next();
        List<AccessRule> rules = ACCESS_RULES.convertToEntityAttribute(row.getString(6));
        boolean restricted = !target.type().equals("upload") || !rules.isEmpty();
        if (!target.signed()) {
            // as Cloudinary: 401, the asset exists but this URL may not show it
            if (!target.type().equals("upload")) {
                throw ApiException.unauthorized("Resource of type " + target.type()
                        + " is delivered by signed URLs only - " + publicId);
            }
            if (!AccessRule.publicAt(rules, Instant.now())) {
                throw ApiException.unauthorized("Access denied by access_control - " + publicId);
            }
        }
        Stored stored = new Stored(row.getString(0), row.getString(1), row.getLong(2), row.getString(3),
                row.getString(4), row.getOffsetDateTime(5), null, false, restricted);
        if (format != null && !format.equals(stored.format())) {
            throw ApiException.notFound("Resource not found - " + publicId + "." + format);
        }
        return stored;
    }

    /** {@code [offset, length]} of a satisfiable single range, null for the whole object; 416 otherwise. */
    static long[] span(String range, long size) {
        if (range == null || range.isBlank()) {
            return null;
        }
        Matcher m = RANGE.matcher(range.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        long start;
        long end;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            start = Math.max(0, size - suffix);
            end = size - 1;
        } else {
            start = Long.parseLong(m.group(1));
            end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        }
        if (start >= size || start > end) {
            throw new ApiException(416, "Requested range not satisfiable");
        }
        return new long[]{start, end - start + 1};
    }
}
