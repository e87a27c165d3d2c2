package dev.upshot.analysis.service;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Upload parameters that carry a comma-separated list of names ({@code detection}, {@code categorization}). */
final class ParameterValues {
    private ParameterValues() {
    }

    static List<String> list(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(v -> v.strip().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()).toList();
    }
}
