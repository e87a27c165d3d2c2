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
     * commits, so the HTTP call happens outside any transaction. Must run inside a transaction.
     */
    public Uni<List<PendingDispatch>> claimDue(int limit, Duration lease) {
        UUID token = UUID.randomUUID();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                select * from {h-schema}delivery
                                 where state = 'PENDING' and next_attempt_at <= now()
                                   and (leased_until is null or leased_until < now())
                                 order by next_attempt_at
                                 limit :limit
                                 for update skip locked""", Delivery.class)
                        .setParameter("limit", limit)
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

    public Uni<Long> countPending() {
        return count("state", DeliveryStatus.PENDING);
    }

    private static PendingDispatch dispatch(Delivery delivery, UUID token) {
        return new PendingDispatch(delivery.id, delivery.cloud, delivery.target, delivery.body,
                delivery.attemptCount + 1, token);
    }
}
