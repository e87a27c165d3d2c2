package dev.upshot.local.config;

import dev.upshot.local.Die;

import java.util.HashMap;
import java.util.Map;

/** The environment the runner reads its UPSHOT_* settings from; a value, so tests pass their own. */
public record Env(Map<String, String> vars) {

    public static Env system() {
        return new Env(System.getenv());
    }

    /** The value, or {@code fallback} when unset or empty (like bash's {@code ${VAR:-fallback}}). */
    public String get(String name, String fallback) {
        String value = vars.get(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    public boolean isSet(String name) {
        return !get(name, "").isEmpty();
    }

    public int number(String name, int fallback) {
        String value = get(name, Integer.toString(fallback));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new Die(name + " must be a whole number (got '" + value + "')");
        }
    }

    /** This environment with {@code saved} filling in what it leaves unset: the last {@code up}'s settings. */
    public Env withDefaults(Map<String, String> saved) {
        Map<String, String> merged = new HashMap<>(vars);
        saved.forEach((k, v) -> {
            if (!isSet(k)) {
                merged.put(k, v);
            }
        });
        return new Env(merged);
    }

    /** This environment without the variables named. */
    public Env without(String... names) {
        Map<String, String> left = new HashMap<>(vars);
        for (String name : names) {
            left.remove(name);
        }
        return new Env(left);
    }
}
