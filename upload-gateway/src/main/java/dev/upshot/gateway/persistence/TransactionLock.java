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

    /**
     * Waits for the lock on {@code name}; call inside the transaction it guards. Run as an update (its row count is
     * ignored): Hibernate keys a native select's plan by its result mapping too, which it discovers anew at each run, so
     * every lock taken as a select added a plan under the same SQL to its query cache until the cache was full, and
     * each lookup then compared the SQL with all of them (0.5 ms of every upload under a given public id).
     */
    public static Uni<Void> on(String name) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", name).executeUpdate()).replaceWithVoid();
    }
}
