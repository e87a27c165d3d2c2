package dev.upshot.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * PostgreSQL notifications of this service's schema, heard on one LISTEN connection per replica (reconnected when
 * lost). {@code NOTIFY} is transactional, so a signal means "a commit changed this": components wait on it instead
 * of polling. Channels are named {@code <name>_<schema>}, because several services share one database; triggers
 * send them with {@code pg_notify('<name>_' || tg_table_schema, payload)}.
 */
@ApplicationScoped
public class CommitSignals {
    private static final Logger LOG = Logger.getLogger(CommitSignals.class);

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();
    private volatile String schema;
    private PgSubscriber subscriber;

    public CommitSignals(Vertx vertx,
                         @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                         @ConfigProperty(name = "quarkus.datasource.username") String user,
                         @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
    }

    /**
     * Calls {@code handler} (on an event loop; it must not block) with the payload of every notification on
     * {@code name}. Signals are hints: a waiter re-reads the state it cares about, and keeps a slow fallback for the
     * moments the connection is being re-established.
     */
    public synchronized void listen(String name, Consumer<String> handler) {
        handlers.put(name, handler);
        if (subscriber == null) {
            connect();
        } else if (schema != null) {
            subscribe(name, handler);
        }
    }

    /**
     * On the first {@link #listen}: a service where nothing listens opens no LISTEN connection (PostgreSQL would
     * wake it on every notifying commit in the database, whatever the channel).
     */
    private void connect() {
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> retries < 1000 ? 1000L : 30_000L);
        subscriber.connect().onSuccess(ignored -> subscriber.actualConnection()
                .query("select current_schema()").execute()
                .onSuccess(rows -> {
                    schema = rows.iterator().next().getString(0);
                    handlers.forEach(this::subscribe);
                })).onFailure(e -> LOG.warnf("no commit signals yet (%s); slow fallbacks run meanwhile", e.getMessage()));
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private void subscribe(String name, Consumer<String> handler) {
        subscriber.channel(name + "_" + schema).handler(handler::accept);
    }
}
