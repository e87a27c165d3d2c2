package dev.upshot.dispatcher.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The webhook_target table: how long each target has been failing, and whether it is disabled. */
@ApplicationScoped
public class TargetRepository {
    private final Pool pool;

    public TargetRepository(Pool pool) {
        this.pool = pool;
    }

    /** A target URL of an account. */
    public record Target(String cloud, String target) implements Comparable<Target> {
        private static final Comparator<Target> ORDER = Comparator.comparing(Target::cloud).thenComparing(Target::target);

        @Override
        public int compareTo(Target other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * The target failed an attempt that started at {@code startedAt}. Disables it when every attempt since it first
     * failed has failed, for at least {@code disableAfter}. Runs in the caller's transaction.
     *
     * @return true when this failure disabled the target
     */
    public Uni<Boolean> failed(SqlConnection connection, Target target, Instant startedAt, Duration disableAfter) {
        return connection.preparedQuery("""
                        insert into webhook_target as t (cloud, target, state, failing_since, updated_at)
                        values ($1, $2, 'ACTIVE', $3, now())
                        on conflict (cloud, target) do update
                           set failing_since = coalesce(t.failing_since, excluded.failing_since), updated_at = now()""")
                .execute(Tuple.of(target.cloud(), target.target(), DeliveryRepository.timestamp(startedAt)))
                .chain(() -> connection.preparedQuery("""
                                update webhook_target set state = 'DISABLED', disabled_at = now()
                                 where cloud = $1 and target = $2 and state = 'ACTIVE'
                                   and failing_since <= now() - make_interval(secs => $3::float8)""")
                        .execute(Tuple.of(target.cloud(), target.target(), disableAfter.toMillis() / 1000.0)))
                .map(disabled -> disabled.rowCount() > 0);
    }

    /** Lets a disabled target receive again, its failing period forgotten. @return whether it was disabled */
    public Uni<Boolean> enable(String cloud, String target) {
        return pool.preparedQuery("""
                        update webhook_target
                           set state = 'ACTIVE', failing_since = null, disabled_at = null, updated_at = now()
                         where cloud = $1 and target = $2 and state = 'DISABLED'""")
                .execute(Tuple.of(cloud, target)).map(updated -> updated.rowCount() > 0);
    }

    /** Targets currently failing or disabled, disabled first. */
    public Uni<List<WebhookTarget>> unhealthy(String cloud) {
        return pool.preparedQuery("""
                        select target, state, failing_since, disabled_at from webhook_target
                         where cloud = $1 and (state = 'DISABLED' or failing_since is not null)
                         order by state desc, failing_since""")
                .execute(Tuple.of(cloud)).map(rows -> rows.stream().map(row -> new WebhookTarget(
                        row.getString("target"), row.getString("state"),
                        DeliveryRepository.instant(row.getOffsetDateTime("failing_since")),
                        DeliveryRepository.instant(row.getOffsetDateTime("disabled_at")))).toList());
    }
}
