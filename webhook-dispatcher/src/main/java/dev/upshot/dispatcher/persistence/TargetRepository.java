package dev.upshot.dispatcher.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The webhook_target table: how long each target has been failing, and whether it is disabled. */
@ApplicationScoped
public class TargetRepository {

    /** The target answered 2xx: it is healthy again. */
    public Uni<Void> succeeded(String cloud, String target) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update {h-schema}webhook_target set failing_since = null, updated_at = now()
                         where cloud = :cloud and target = :target and failing_since is not null""")
                .setParameter("cloud", cloud).setParameter("target", target)
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * The target failed an attempt that started at {@code startedAt}. Disables it when every attempt since it first
     * failed has failed, for at least {@code disableAfter}.
     *
     * @return true when this failure disabled the target
     */
    public Uni<Boolean> failed(String cloud, String target, Instant startedAt, Duration disableAfter) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into {h-schema}webhook_target as t (cloud, target, state, failing_since, updated_at)
                                values (:cloud, :target, 'ACTIVE', :startedAt, now())
                                on conflict (cloud, target) do update
                                   set failing_since = coalesce(t.failing_since, excluded.failing_since),
                                       updated_at = now()""")
                        .setParameter("cloud", cloud).setParameter("target", target)
                        .setParameter("startedAt", startedAt)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery("""
                                        update {h-schema}webhook_target set state = 'DISABLED', disabled_at = now()
                                         where cloud = :cloud and target = :target and state = 'ACTIVE'
                                           and failing_since <= now() - make_interval(secs => :seconds)""")
                                .setParameter("cloud", cloud).setParameter("target", target)
                                .setParameter("seconds", disableAfter.toMillis() / 1000.0)
                                .executeUpdate()))
                .map(disabled -> disabled > 0);
    }

    /** Lets a disabled target receive again, its failing period forgotten. @return whether it was disabled */
    public Uni<Boolean> enable(String cloud, String target) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update {h-schema}webhook_target
                           set state = 'ACTIVE', failing_since = null, disabled_at = null, updated_at = now()
                         where cloud = :cloud and target = :target and state = 'DISABLED'""")
                .setParameter("cloud", cloud).setParameter("target", target)
                .executeUpdate()).map(updated -> updated > 0);
    }

    /** Targets currently failing or disabled, disabled first. */
    public Uni<List<WebhookTarget>> unhealthy(String cloud) {
        return WebhookTarget.list("cloud = ?1 and (state = 'DISABLED' or failingSince is not null)"
                + " order by state desc, failingSince", cloud);
    }
}
