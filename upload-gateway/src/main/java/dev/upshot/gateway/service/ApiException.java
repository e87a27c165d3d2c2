package dev.upshot.gateway.service;

import io.vertx.pgclient.PgException;

import java.sql.SQLException;

/** The kit's {@link dev.upshot.kit.rest.ApiException} with the gateway's common statuses. */
public class ApiException extends dev.upshot.kit.rest.ApiException {

    public ApiException(int status, String message) {
        super(status, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /**
     * A unique key taken by a concurrent request between a "does it exist" check and the insert: answered like the
     * check would have (409), not as an internal error.
     */
    public static boolean duplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String state = t instanceof PgException pg ? pg.getSqlState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if ("23505".equals(state)) {
                return true;
            }
        }
        return false;
    }
}
