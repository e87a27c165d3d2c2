package dev.upshot.dispatcher.persistence;

import dev.upshot.dispatcher.service.DeliveryStatus;
import dev.upshot.dispatcher.service.PendingDispatch;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    /**
     * Claims up to {@code limit} due deliveries for this replica. Rows another replica is claiming are skipped, not
     * waited for, and a claimed row stays reserved for {@code lease} (database clock) even after this transaction
     * commits, so the HTTP call happens outside any transaction. A target never gets more than {@code perTarget}
     * attempts in flight (counting rows leased by any replica), and a disabled target gets none, so a slow or dead
     * receiver cannot fill the batch. Must run inside a transaction.
     */
    public Uni<List<PendingDispatch>> claimDue(int limit, int perTarget, Duration lease) {
        UUID token = UUID.randomUUID();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                with in_flight as (
                                    select target, count(*) as n from {h-schema}delivery
                                     where leased_until > now() group by target
                                ), due as (
                                    select d.id, d.target, d.next_attempt_at,
                                           row_number() over (partition by d.target order by d.next_attempt_at) as rank
                                      from {h-schema}delivery d
                                     where d.state = 'PENDING' and d.next_attempt_at <= now()
                                       and (d.leased_until is null or d.leased_until < now())
                                       and not exists (select 1 from {h-schema}webhook_target t
                                                        where t.cloud = d.cloud and t.target = d.target
                                                          and t.state = 'DISABLED')
                                )
                                select * from {h-schema}delivery
                                 where id in (select due.id from due left join in_flight f on f.target = due.target
                                               where due.rank + coalesce(f.n, 0) <= :perTarget
                                               order by due.next_attempt_at
                                               limit :limit)
                                   -- repeated here: FOR UPDATE re-checks only these conditions on a row another
                                   -- replica leased and committed meanwhile, so it is skipped, not claimed twice
                                   and state = 'PENDING' and next_attempt_at <= now()
                                   and (leased_until is null or leased_until < now())
                                 order by next_attempt_at
                                 for update skip locked""", Delivery.class)
                        .setParameter("limit", limit)
                        .setParameter("perTarget", perTarget)
                        .getResultList()
                        .chain(due -> due.isEmpty() ? Uni.createFrom().item(List.<PendingDispatch>of())
                                : session.createNativeQuery("""
                                        update {h-schema}delivery
                                           set leased_until = now() + make_interval(secs => :seconds), lease_token = :token
                                         where id in (:ids)""")
                                .setParameter("seconds", lease.toMillis() / 1000.0)
                                .setParameter("token", token)
                                .setParameter("ids", due.stream().map(d -> d.id).toList())
                                .executeUpdate()
                                .map(updated -> due.stream().map(d -> dispatch(d, token)).toList())));
    }

    /** Pending deliveries, and how long until the first of them may be claimed (negative: already due). */
    public record Outlook(long pending, Duration untilNextDue) {
    }

    public Uni<Outlook> outlook() {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select count(*), extract(epoch from min(greatest(next_attempt_at,
                                                            coalesce(leased_until, next_attempt_at))) - now())
                          from delivery where state = 'PENDING'""", Object[].class).getSingleResult())
                .map(row -> new Outlook(((Number) row[0]).longValue(), row[1] == null ? null
                        : Duration.ofMillis(Math.round(((Number) row[1]).doubleValue() * 1000))));
    }

    private static PendingDispatch dispatch(Delivery delivery, UUID token) {
        return new PendingDispatch(delivery.id, delivery.notificationEventId, delivery.cloud, delivery.target,
                delivery.assetVersion, delivery.body, delivery.standardWebhooks, delivery.attemptCount + 1,
                delivery.scheduleStart, token, delivery.assetId, delivery.traceparent);
    }
}
