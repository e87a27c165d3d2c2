package dev.upshot.messaging;

import io.vertx.pgclient.PgException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/**
 * Tells failures that waiting can cure (a dependency — the database, the broker, the object store, a provider — is
 * unreachable or overloaded) from those it cannot (bugs, bad data, a corrupt file). Only the first kind is retried
 * without end, so the test is narrow on purpose: an {@code IOException} from a decoder reading a truncated image is
 * not an outage, however deep in the cause chain it sits.
 */
public final class TransientFailures {
    private TransientFailures() {
    }

    /**
     * Connection-level network failures and timeouts, PostgreSQL's connection / rollback / resource / shutdown error
     * classes, Kafka's retriable errors, and {@link DependencyUnavailableException} thrown by clients that know.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DependencyUnavailableException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException || t instanceof SocketException
                    || t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof ClosedChannelException || t instanceof TimeoutException
                    || t instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
            // Hibernate Reactive reports PostgreSQL errors as SQLException carrying the SQLSTATE
            String state = t instanceof PgException pg ? pg.getSqlState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null) {
                return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57P");
            }
            String name = t.getClass().getName();
            if (name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.netty.channel.ConnectTimeoutException")
                    || name.equals("io.vertx.core.impl.NoStackTraceThrowable") && String.valueOf(t.getMessage())
                    .toLowerCase().contains("connection")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
