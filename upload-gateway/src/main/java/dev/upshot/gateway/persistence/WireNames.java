package dev.upshot.gateway.persistence;

import jakarta.persistence.AttributeConverter;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The asset's closed sets of states are enums whose values are kept as their lower-case names: in text columns,
 * JSON documents and the answers, exactly as they were kept when they were strings.
 */
public final class WireNames {
    private WireNames() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The value of this name; empty for a name of no value, so callers choose their own error. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> of(e).equals(name)).findFirst();
    }

    /** Every name of the type, in declaration order (for error messages). */
    public static List<String> all(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireNames::of).toList();
    }

    /** A nullable enum column; an unknown name is a corrupt row, never a state to guess. */
    public abstract static class Column<E extends Enum<E>> implements AttributeConverter<E, String> {
        private final Class<E> type;

        protected Column(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : of(value);
        }

        @Override
        public E convertToEntityAttribute(String name) {
            return name == null ? null : parse(type, name).orElseThrow(() -> new IllegalStateException(
                    "corrupt " + type.getSimpleName() + " column: " + name));
        }
    }
}
