package dev.upshot.messaging;

import io.vertx.pgclient.PgException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
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

    @Test
    void aCorruptFileIsNotAnOutageWhereverItsIoExceptionSits() {
        assertFalse(TransientFailures.isTransient(new IllegalStateException("could not read the original",
                new IIOException("Unsupported Image Type"))));
        assertFalse(TransientFailures.isTransient(new RuntimeException(new EOFException("truncated"))));
        assertFalse(TransientFailures.isTransient(new IOException("bad huffman code")));
        assertTrue(TransientFailures.isTransient(new IllegalStateException("store",
                new SocketTimeoutException("read timed out"))));
        assertTrue(TransientFailures.isTransient(new DependencyUnavailableException("S3 answered 503", null)));
        assertTrue(TransientFailures.isTransient(new org.apache.kafka.common.errors.TimeoutException("broker")));
    }

    @Test
    void onlyRefusalsNoRetryCanChangeParkARow() {
        assertTrue(SendFailures.isPermanent(new RuntimeException(new RecordTooLargeException("2 MB"))));
        assertTrue(SendFailures.isPermanent(new EventTooLargeException("AssetUploaded", 300_000, 262_144)));
        assertFalse(SendFailures.isPermanent(new org.apache.kafka.common.errors.TimeoutException("broker away")));
        assertFalse(SendFailures.isPermanent(new org.apache.kafka.common.errors.SaslAuthenticationException("bad")));
    }
}
