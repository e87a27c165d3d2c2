package dev.upshot.messaging;

import io.vertx.pgclient.PgException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/** Tells failures that waiting can cure (the database or broker is away) from those it cannot (bugs, bad data). */
public final class TransientFailures {
    private TransientFailures() {
    }

    /** Connection trouble, timeouts, and PostgreSQL's connection / rollback / resource / shutdown error classes. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
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
