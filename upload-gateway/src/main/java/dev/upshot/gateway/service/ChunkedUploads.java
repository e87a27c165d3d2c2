package dev.upshot.gateway.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.kit.s3.ObjectStore;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chunked uploads as the SDKs' {@code upload_large} sends them: the same signed upload request once per chunk, with
 * {@code X-Unique-Upload-Id} naming the upload and {@code Content-Range: bytes start-end/total} placing the chunk
 * ({@code total} is -1 or {@code *} until the last chunk). Each chunk goes straight to S3 as the next part of one
 * multipart upload, so no replica holds the file; the row says which byte the next chunk must start at, so a
 * missing, repeated or out-of-order chunk is refused. Blocking: call from a worker thread.
 */
@ApplicationScoped
public class ChunkedUploads {
    private static final Logger LOG = Logger.getLogger(ChunkedUploads.class);
    /** S3's smallest part but the last, and Cloudinary's rule for chunks. */
    static final long MIN_CHUNK = 5L * 1024 * 1024;
    /** S3's largest part number. */
    private static final int MAX_PARTS = 10_000;
    private static final Pattern RANGE = Pattern.compile("^bytes (\\d+)-(\\d+)/(\\d+|-1|\\*)$");
    private static final Pattern UPLOAD_ID = Pattern.compile("^[A-Za-z0-9_.-]{1,128}$");
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(10);

    private final Pool pool;
    private final ObjectStore store;
    private final GatewayConfig.Chunked config;
    private final Clock clock = Clock.systemUTC();

    public ChunkedUploads(Pool pool, ObjectStore store, GatewayConfig config) {
        this.pool = pool;
        this.store = store;
        this.config = config.upload().chunked();
    }

    /** A chunk's place in the file; {@code total} is -1 while the client does not know it. */
    record Range(long start, long end, long total) {
        static Range parse(String header) {
            Matcher m = RANGE.matcher(header == null ? "" : header.strip());
            if (!m.matches()) {
                throw ApiException.badRequest("Invalid Content-Range header '" + header
                        + "': expected bytes <start>-<end>/<total or -1>");
            }
            long start = Long.parseLong(m.group(1));
            long end = Long.parseLong(m.group(2));
            long total = m.group(3).matches("\\d+") ? Long.parseLong(m.group(3)) : -1;
            if (end < start || total >= 0 && end >= total) {
                throw ApiException.badRequest("Invalid Content-Range header '" + header + "'");
            }
            return new Range(start, end, total);
        }

        boolean last() {
            return total >= 0 && end + 1 == total;
        }
    }

    /** The outcome of one chunk: the bytes received so far and, after the last chunk, the assembled object. */
    public record Received(long bytes, Optional<String> objectKey) {
    }

    /**
     * Stores one chunk as the next part; after the last one, completes the object.
     *
     * @param chunk the chunk's bytes on local disk
     */
    public Received receive(String cloud, String uploadId, String contentRange, Path chunk) throws Exception {
        if (!UPLOAD_ID.matcher(uploadId).matches()) {
            throw ApiException.badRequest("Invalid X-Unique-Upload-Id '" + uploadId + "'");
        }
        Range range = Range.parse(contentRange);
        long size = Files.size(chunk);
        if (size != range.end() - range.start() + 1) {
            throw ApiException.badRequest("The chunk has " + size + " bytes but Content-Range " + contentRange
                    + " says " + (range.end() - range.start() + 1));
        }
        if (!range.last() && size < MIN_CHUNK) {
            throw ApiException.badRequest("All parts except EOF-chunk must be larger than 5mb");
        }
        if (Math.max(range.total(), range.end() + 1) > config.maxSize()) {
            throw ApiException.badRequest("File size too large. Got " + Math.max(range.total(), range.end() + 1)
                    + ". Maximum is " + config.maxSize() + ".");
        }
        State state = find(cloud, uploadId).orElse(null);
        if (state == null) {
            if (range.start() != 0) {
                throw ApiException.badRequest("Chunk out of order: upload " + uploadId + " has not received bytes "
                        + "0-" + (range.start() - 1) + " (a chunk is missing)");
            }
            state = open(cloud, uploadId);
        } else if (state.expiresAt().isBefore(OffsetDateTime.now(clock))) {
            drop(state);
            throw ApiException.badRequest("Upload " + uploadId + " expired: it was open longer than "
                    + config.openFor() + " (upshot.upload.chunked.open-for)");
        } else if (range.start() != state.received()) {
            throw ApiException.badRequest("Chunk out of order: upload " + uploadId + " expects bytes from "
                    + state.received() + ", got " + range.start() + "-" + range.end()
                    + (range.start() > state.received() ? " (a chunk is missing)" : " (sent before)"));
        }
        if (state.parts().size() >= MAX_PARTS) {
            throw ApiException.badRequest("Too many chunks: at most " + MAX_PARTS);
        }
        List<String> parts = new ArrayList<>(state.parts());
        parts.add(store.putPart(state.objectKey(), state.s3UploadId(), parts.size() + 1, chunk));
        advance(state, range, parts);
        if (!range.last()) {
            return new Received(range.end() + 1, Optional.empty());
        }
        try {
            store.completeMultipart(state.objectKey(), state.s3UploadId(), parts);
        } catch (Exception e) {
            drop(state);
            throw ApiException.badRequest("The chunks of upload " + uploadId + " could not be joined: "
                    + e.getMessage());
        }
        delete(state);
        return new Received(range.total(), Optional.of(state.objectKey()));
    }

    /** Drops uploads open for longer than allowed, with the parts the store holds for them. */
    @Scheduled(every = "${upshot.upload.chunked.sweep-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        RowSet<Row> rows = pool.preparedQuery("delete from chunked_upload where expires_at < $1 "
                        + "returning cloud, upload_id, object_key, s3_upload_id, received, parts, expires_at")
                .execute(Tuple.of(OffsetDateTime.now(clock))).await().atMost(DB_TIMEOUT);
        for (Row row : rows) {
            State state = state(row);
            store.abortMultipartQuietly(state.objectKey(), state.s3UploadId());
            LOG.infof("chunked upload %s of %s expired after %s bytes", state.uploadId(), state.cloud(),
                    state.received());
        }
    }

    private record State(String cloud, String uploadId, String objectKey, String s3UploadId, long received,
                         List<String> parts, OffsetDateTime expiresAt) {
    }

    private Optional<State> find(String cloud, String uploadId) {
        RowSet<Row> rows = pool.preparedQuery("select cloud, upload_id, object_key, s3_upload_id, received, parts, "
                        + "expires_at from chunked_upload where cloud = $1 and upload_id = $2")
                .execute(Tuple.of(cloud, uploadId)).await().atMost(DB_TIMEOUT);
        return rows.size() == 0 ? Optional.empty() : Optional.of(state(rows.iterator().next()));
    }

    private static State state(Row row) {
        try {
            return new State(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getLong(4),
                    EventCodec.mapper().readValue(row.getString(5), new TypeReference<List<String>>() { }),
                    row.getOffsetDateTime(6));
        } catch (IOException e) {
            throw new IllegalStateException("chunked_upload.parts unreadable", e);
        }
    }

    private State open(String cloud, String uploadId) throws Exception {
        String key = cloud + "/chunked/" + UUID.randomUUID();
        String s3UploadId = store.startMultipart(key);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        State state = new State(cloud, uploadId, key, s3UploadId, 0, List.of(), now.plus(config.openFor()));
        int inserted = pool.preparedQuery("insert into chunked_upload (cloud, upload_id, object_key, s3_upload_id, "
                        + "created_at, expires_at) values ($1, $2, $3, $4, $5, $6) on conflict do nothing")
                .execute(Tuple.tuple(List.of(cloud, uploadId, key, s3UploadId, now, state.expiresAt())))
                .await().atMost(DB_TIMEOUT).rowCount();
        if (inserted == 0) {
            store.abortMultipartQuietly(key, s3UploadId);
            throw ApiException.badRequest("Chunk out of order: upload " + uploadId + " received its first chunk "
                    + "twice at the same time");
        }
        return state;
    }

    /** Moves the upload on, unless another request moved it first (then this chunk is refused). */
    private void advance(State state, Range range, List<String> parts) throws IOException {
        int updated = pool.preparedQuery("update chunked_upload set received = $1, parts = $2 "
                        + "where cloud = $3 and upload_id = $4 and received = $5")
                .execute(Tuple.of(range.end() + 1, EventCodec.mapper().writeValueAsString(parts), state.cloud(),
                        state.uploadId(), state.received()))
                .await().atMost(DB_TIMEOUT).rowCount();
        if (updated == 0) {
            throw ApiException.badRequest("Chunk out of order: another chunk of upload " + state.uploadId()
                    + " arrived at the same time");
        }
    }

    private void drop(State state) {
        delete(state);
        store.abortMultipartQuietly(state.objectKey(), state.s3UploadId());
    }

    private void delete(State state) {
        pool.preparedQuery("delete from chunked_upload where cloud = $1 and upload_id = $2")
                .execute(Tuple.of(state.cloud(), state.uploadId())).await().atMost(DB_TIMEOUT);
    }
}
