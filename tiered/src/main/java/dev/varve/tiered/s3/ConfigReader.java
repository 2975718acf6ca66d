package dev.varve.tiered.s3;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed values out of a config map, with defaults and ranges, remembering which names it read so
 * that a name nobody reads (a typo) is reported. Error messages name the config, the value and what is
 * accepted, in the engine's {@code LogConfigKey} style. Not thread-safe; one per parse.
 */
final class ConfigReader {
    private final Map<String, String> values;
    private final Set<String> read = new HashSet<>();

    ConfigReader(Map<String, String> values) {
        this.values = values;
    }

    Optional<String> optional(String name) {
        read.add(name);
        String value = values.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalArgumentException("missing config " + name));
    }

    String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    boolean bool(String name, boolean defaultValue) {
        Optional<String> value = optional(name).map(v -> v.toLowerCase(Locale.ROOT));
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (!value.get().equals("true") && !value.get().equals("false")) {
            throw invalid(name, value.get(), "expected true or false");
        }
        return Boolean.parseBoolean(value.get());
    }

    long number(String name, long defaultValue, long min, long max) {
        Optional<String> text = optional(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw invalid(name, text.get(), "expected an integer");
        }
        if (value < min || value > max) {
            throw invalid(name, text.get(), "expected " + min + ".." + max);
        }
        return value;
    }

    /** @throws IllegalArgumentException if a config was given that no reader asked for */
    void rejectUnread() {
        for (String name : values.keySet()) {
            if (!read.contains(name)) {
                throw new IllegalArgumentException("unknown config " + name);
            }
        }
    }

    private static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException("invalid value for " + name + ": '" + value + "': " + expected);
    }
}
