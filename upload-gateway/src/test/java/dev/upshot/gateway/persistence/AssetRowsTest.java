package dev.upshot.gateway.persistence;

import jakarta.persistence.Column;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The plain-SQL insert of a new asset writes every column the entity maps: a column added to {@link Asset} and
 * forgotten in {@link AssetRows} would be left at its default for every plain upload.
 */
class AssetRowsTest {

    @Test
    void theInsertNamesEveryMappedColumnOnce() {
        List<String> mapped = Arrays.stream(Asset.class.getDeclaredFields())
                .filter(f -> Modifier.isPublic(f.getModifiers()) && !Modifier.isStatic(f.getModifiers()))
                .map(AssetRowsTest::column).sorted().toList();
        String columns = AssetRows.INSERT.substring(AssetRows.INSERT.indexOf('(') + 1, AssetRows.INSERT.indexOf(')'));
        List<String> inserted = Arrays.stream(columns.split(",")).map(String::strip).sorted().toList();
        assertEquals(mapped, inserted);
        long placeholders = AssetRows.INSERT.chars().filter(c -> c == '$').count();
        assertEquals(mapped.size(), placeholders, "one placeholder per column");
    }

    private static String column(Field field) {
        Column column = field.getAnnotation(Column.class);
        return column != null && !column.name().isEmpty() ? column.name() : field.getName();
    }
}
