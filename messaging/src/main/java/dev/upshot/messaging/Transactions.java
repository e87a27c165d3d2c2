package dev.upshot.messaging;

import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/**
 * The transaction a consumer's processed-event row, its effect and the events it appends share, so they commit or
 * roll back together. Messaging's own runs on the plain reactive SQL client ({@link SqlTransactions}); a service
 * whose effects change Hibernate entities gets one on the Hibernate session from {@code upshot-messaging-hibernate}.
 * Like Hibernate Reactive's session, the current transaction belongs to the Vert.x duplicated context it was begun on.
 */
public interface Transactions {
    /** Runs {@code work} in a transaction that commits when it succeeds; inside a current one, joins it. */
    <T> Uni<T> inTransaction(Supplier<Uni<T>> work);

    /**
     * Runs one statement, its parameters {@code $1, $2 …}, in the current transaction.
     *
     * @return how many rows it changed
     */
    Uni<Integer> execute(String sql, Object... parameters);
}
