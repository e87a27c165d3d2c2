package dev.upshot.messaging;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * Builds each service's PostgreSQL pool as Quarkus would, but keeps long statements prepared too
 * ({@link MessagingConfig.Sql#cachedStatementMaxLength()}): a statement the client does not cache is sent unnamed,
 * so the server parses and plans it again on every call. Whether statements are cached at all stays Quarkus's
 * setting ({@code quarkus.datasource.reactive.cache-prepared-statements}, on by default for PostgreSQL).
 */
@Singleton
public class CachingPgPoolCreator implements PgPoolCreator {
    private final MessagingConfig config;

    public CachingPgPoolCreator(MessagingConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(options ->
                options.setPreparedStatementCacheSqlLimit(config.sql().cachedStatementMaxLength()));
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
