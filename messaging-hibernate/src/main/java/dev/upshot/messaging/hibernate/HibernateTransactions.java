package dev.upshot.messaging.hibernate;

import dev.upshot.messaging.Transactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@link Transactions} on the Hibernate Reactive session of the current Vert.x context: a consumer's entity changes,
 * its processed-event row and the events it appends through the outbox go in one transaction. Replaces messaging's
 * plain-SQL one in every service that has this module.
 */
@ApplicationScoped
public class HibernateTransactions implements Transactions {
    /** {@code $n} (the reactive client's parameters) as Hibernate's positional {@code ?n}. */
    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

    @Override
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work);
    }

    @Override
    public Uni<Integer> execute(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(PARAMETER.matcher(sql).replaceAll("?$1"));
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        });
    }
}
