package dev.upshot.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Operator endpoints of every service (bearer token {@code messaging.ops.token}): outbox rows the broker refused
 * (list, re-drive, drop) and the service's dead-letter topics (inspect, replay). {@code ./upshot outbox} and
 * {@code ./upshot dlq} call them.
 */
@Path("/ops")
@Produces(MediaType.APPLICATION_JSON)
public class OpsResource {
    private final OpsAccess access;
    private final OutboxRelay relay;
    private final DeadLetters deadLetters;
    private final Pool pool;

    private final boolean heapExhaustion;

    public OpsResource(OpsAccess access, OutboxRelay relay, DeadLetters deadLetters, MessagingConfig config,
                       Pool pool) {
        this.heapExhaustion = config.ops().allowHeapExhaustion();
        this.access = access;
        this.pool = pool;
        this.relay = relay;
        this.deadLetters = deadLetters;
    }

    /** One parked row as listed (the payload is left out: it may be large; its size is given). */
    public record Parked(long id, String eventId, String eventType, String assetId, String topic, int bytes,
                         Instant createdAt, Instant parkedAt, String reason) {
        static Parked of(Row row) {
            return new Parked(row.getLong("id"), row.getUUID("event_id").toString(), row.getString("event_type"),
                    row.getString("message_key"), row.getString("topic"), row.getInteger("bytes"),
                    row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("parked_at").toInstant(),
                    row.getString("reason"));
        }
    }

    public record OutboxState(long backlog, List<Parked> parked) {
    }

    @GET
    @Path("/outbox")
    public Uni<OutboxState> outbox(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        access.check(authorization);
        return pool.query("select id, event_id, event_type, message_key, topic, length(payload) as bytes, created_at, "
                        + "parked_at, reason from outbox_parked order by id limit 500").execute()
                .map(rows -> {
                    List<Parked> parked = new ArrayList<>();
                    rows.forEach(row -> parked.add(Parked.of(row)));
                    return new OutboxState(relay.backlog(), parked);
                });
    }

    /** Back into the outbox (after the broker's limit was raised, say); it is relayed behind what waits now. */
    @POST
    @Path("/outbox/parked/{id}/redrive")
    public Uni<Map<String, Object>> redrive(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                            @PathParam("id") long id) {
        access.check(authorization);
        // one statement moves the row: atomic without a transaction
        return pool.preparedQuery("with parked as (delete from outbox_parked where id = $1 returning *) "
                        + "insert into outbox (event_id, topic, message_key, event_type, payload, created_at, traceparent) "
                        + "select event_id, topic, message_key, event_type, payload, created_at, traceparent from parked")
                .execute(Tuple.of(id))
                .map(moved -> {
                    if (moved.rowCount() == 0) {
                        throw new NotFoundException();
                    }
                    relay.parkedChanged();
                    return Map.of("redriven", id);
                });
    }

    @DELETE
    @Path("/outbox/parked/{id}")
    public Uni<Map<String, Object>> drop(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @PathParam("id") long id) {
        access.check(authorization);
        return pool.preparedQuery("delete from outbox_parked where id = $1").execute(Tuple.of(id))
                .map(deleted -> {
                    if (deleted.rowCount() == 0) {
                        throw new NotFoundException();
                    }
                    relay.parkedChanged();
                    return Map.of("dropped", id);
                });
    }

    /** Fault tests only ({@code messaging.ops.allow-heap-exhaustion}): runs the JVM out of heap; it should exit. */
    @POST
    @Path("/heap-exhaustion")
    @Blocking
    public Map<String, Object> exhaustHeap(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        access.check(authorization);
        if (!heapExhaustion) {
            throw new NotFoundException();
        }
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }

    @GET
    @Path("/dead-letters")
    @Blocking
    public List<DeadLetters.Topic> deadLetters(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                               @QueryParam("limit") Integer limit) {
        access.check(authorization);
        return deadLetters.inspect(limit == null ? 20 : Math.max(0, Math.min(limit, 200)));
    }

    /** Every dead letter of {@code topic} not replayed before goes back to the topic it came from. */
    @POST
    @Path("/dead-letters/{topic}/replay")
    @Blocking
    public Map<String, Object> replay(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathParam("topic") String topic) {
        access.check(authorization);
        return Map.of("topic", topic, "replayed", deadLetters.replay(topic));
    }
}
