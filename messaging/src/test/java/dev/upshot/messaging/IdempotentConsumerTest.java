package dev.upshot.messaging;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdempotentConsumerTest {

    @Test
    void waitsOutDatabaseOutagesButNotBugs() {
        assertTrue(IdempotentConsumer.isTransient(new RuntimeException(new ConnectException("refused"))));
        assertTrue(IdempotentConsumer.isTransient(new PgException("shutting down", "FATAL", "57P01", null)));
        assertTrue(IdempotentConsumer.isTransient(new PgException("deadlock", "ERROR", "40P01", null)));
        assertFalse(IdempotentConsumer.isTransient(new PgException("no such column", "ERROR", "42703", null)));
        assertFalse(IdempotentConsumer.isTransient(new IllegalArgumentException("bad payload")));
        assertTrue(IdempotentConsumer.isTransient(new RuntimeException(new SQLException("gone", "08006"))));
        assertFalse(IdempotentConsumer.isTransient(new RuntimeException(new SQLException("dup", "23505"))));
    }
}
