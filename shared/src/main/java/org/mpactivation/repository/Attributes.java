package org.mpactivation.repository;

import org.mpactivation.domain.Timestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builds and reads the string attributes of stored items; absent values are simply left out. */
final class Attributes {

    private final Map<String, String> values = new HashMap<>();

    static Attributes create() {
        return new Attributes();
    }

    Attributes put(String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
        return this;
    }

    Attributes put(String name, Instant value) {
        return put(name, value == null ? null : Timestamps.format(value));
    }

    Attributes put(String name, boolean value) {
        return put(name, Boolean.toString(value));
    }

    Attributes put(String name, long value) {
        return put(name, Long.toString(value));
    }

    Map<String, String> build() {
        return values;
    }

    static Instant instant(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        return value == null ? null : Timestamps.parse(value);
    }

    static boolean flag(Map<String, String> attributes, String name) {
        return Boolean.parseBoolean(attributes.get(name));
    }
}
