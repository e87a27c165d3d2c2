package dev.upshot.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A PostgreSQL advisory lock on a name, held until the current transaction ends: transactions that read, check and
 * then write what no row lock can guard (the absence of a row, a count of rows) take it first and so apply one after
 * the other, as a serial order would.
 */
public final class TransactionLock {
    private TransactionLock() {
    }

    /** Waits for the lock on {@code name}; call inside the transaction it guards. */
    public static Uni<Void> on(String name) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext(:key))) l")
                .setParameter("key", name).getSingleResult()).replaceWithVoid();
    }
}
