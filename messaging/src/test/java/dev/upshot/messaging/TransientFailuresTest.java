package dev.upshot.messaging;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransientFailuresTest {

    @Test
    void waitsOutDatabaseOutagesButNotBugs() {
        assertTrue(TransientFailures.isTransient(new RuntimeException(new ConnectException("refused"))));
        assertTrue(TransientFailures.isTransient(new PgException("shutting down", "FATAL", "57P01", null)));
        assertTrue(TransientFailures.isTransient(new PgException("deadlock", "ERROR", "40P01", null)));
        assertFalse(TransientFailures.isTransient(new PgException("no such column", "ERROR", "42703", null)));
        assertFalse(TransientFailures.isTransient(new IllegalArgumentException("bad payload")));
        assertTrue(TransientFailures.isTransient(new RuntimeException(new SQLException("gone", "08006"))));
        assertFalse(TransientFailures.isTransient(new RuntimeException(new SQLException("dup", "23505"))));
    }
}
