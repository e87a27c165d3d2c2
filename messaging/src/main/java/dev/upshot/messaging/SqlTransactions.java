package dev.upshot.messaging;

import io.quarkus.arc.DefaultBean;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * {@link Transactions} on the plain reactive SQL client: the transaction's connection is kept in the duplicated
 * context's local data while the work runs. The services without Hibernate (the workers that only record events and
 * write the outbox) use it, and so load none of Hibernate's classes.
 */
@DefaultBean
@ApplicationScoped
public class SqlTransactions implements Transactions {
    private static final String CONNECTION = SqlTransactions.class.getName() + ".connection";

    private final Pool pool;

    public SqlTransactions(Pool pool) {
        this.pool = pool;
    }

    @Override
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return Uni.createFrom().failure(new IllegalStateException("a transaction needs a Vert.x duplicated context"));
        }
        if (context.getLocal(CONNECTION) != null) {
            return Uni.createFrom().<T>deferred(work::get);
        }
        return pool.withTransaction(connection -> {
            context.putLocal(CONNECTION, connection);
            return Uni.createFrom().<T>deferred(work::get).eventually(() -> context.removeLocal(CONNECTION));
        });
    }

    @Override
    public Uni<Integer> execute(String sql, Object... parameters) {
        Context context = Vertx.currentContext();
        SqlConnection connection = context == null ? null : context.getLocal(CONNECTION);
        if (connection == null) {
            return Uni.createFrom().failure(new IllegalStateException("no current transaction: " + sql));
        }
        return connection.preparedQuery(sql).execute(Tuple.from(parameters)).map(SqlResult::rowCount);
    }
}
