package dev.upshot.gateway.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of an Upload API action ({@code destroy}, {@code rename}, {@code tags}, …) as sent: arrays arrive
 * as repeated {@code name[]} fields and are signed as {@code name=a,b}.
 *
 * @param values every field by its name as sent, in order
 */
public record ActionParams(Map<String, List<String>> values) {

    /** The single value of {@code name}, or null when absent or empty. */
    public String text(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() || v.getFirst().isEmpty() ? null : v.getFirst();
    }

    public String text(String name, String fallback) {
        String v = text(name);
        return v == null ? fallback : v;
    }

    /** {@code 1}/{@code true} or {@code 0}/{@code false}, as the Node and Java SDKs send booleans. */
    public boolean flag(String name) {
        String v = text(name);
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase()) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw ApiException.badRequest("Invalid boolean value for " + name + ": '" + v + "'");
        };
    }

    /** The values of {@code name[]} (or a lone {@code name}), each taken literally: a comma is part of the value. */
    public List<String> list(String name) {
        List<String> all = new java.util.ArrayList<>(values.getOrDefault(name + "[]", List.of()));
        all.addAll(values.getOrDefault(name, List.of()));
        return all.stream().filter(v -> !v.isEmpty()).distinct().toList();
    }

    /** What the signature covers: arrays under their bare name, joined with commas. */
    public Map<String, String> signed() {
        Map<String, String> signed = new LinkedHashMap<>();
        values.forEach((name, v) -> signed.merge(name.endsWith("[]") ? name.substring(0, name.length() - 2) : name,
                String.join(",", v), (a, b) -> a + "," + b));
        return signed;
    }

    public int fieldCount() {
        return values.values().stream().mapToInt(List::size).sum();
    }
}
