package dev.upshot.dispatcher.persistence;

import io.vertx.mutiny.sqlclient.Tuple;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;

/**
 * Many rows as one statement's parameters: column {@code i} of every row becomes the typed array {@code $i+1}, for
 * {@code unnest($1::uuid[], $2::text[], …)}. One statement for a batch costs PostgreSQL one execution instead of one
 * per row (as a statement batch does).
 */
final class Columns {

    private Columns() {
    }

    /** @param types the Java type of each column (UUID, String, Long, Integer, Boolean, OffsetDateTime, Buffer) */
    static Tuple of(List<Object[]> rows, Class<?>... types) {
        return Tuple.from(arrays(rows, types));
    }

    /** The same, after leading parameters of their own ({@code $1…$k}); the columns are {@code $k+1…}. */
    static Tuple after(Object[] leading, List<Object[]> rows, Class<?>... types) {
        Object[] parameters = Arrays.copyOf(leading, leading.length + types.length);
        System.arraycopy(arrays(rows, types), 0, parameters, leading.length, types.length);
        return Tuple.from(parameters);
    }

    private static Object[] arrays(List<Object[]> rows, Class<?>... types) {
        Object[] columns = new Object[types.length];
        for (int c = 0; c < types.length; c++) {
            columns[c] = Array.newInstance(types[c], rows.size());
        }
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            for (int c = 0; c < types.length; c++) {
                Array.set(columns[c], r, row[c]);
            }
        }
        return columns;
    }
}
