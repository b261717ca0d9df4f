package org.mpactivation.web;

import java.util.HashMap;
import java.util.Map;

/** What a form shows: the values entered (never passwords or codes from a failed post) and errors. */
public record FormState(Map<String, String> values, Map<String, String> errors) {

    private static final java.util.Set<String> NEVER_ECHOED = java.util.Set.of("password", "passwordConfirmation",
            "_csrf");

    public FormState {
        Map<String, String> safe = new HashMap<>(values);
        NEVER_ECHOED.forEach(safe::remove);
        values = Map.copyOf(safe);
        errors = Map.copyOf(errors);
    }

    public static FormState empty() {
        return new FormState(Map.of(), Map.of());
    }

    public static FormState of(Map<String, String> values) {
        return new FormState(values, Map.of());
    }

    public FormState withErrors(Map<String, String> newErrors) {
        return new FormState(values, newErrors);
    }

    public FormState withValue(String name, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(name, value);
        return new FormState(copy, errors);
    }

    public String value(String name) {
        return values.getOrDefault(name, "");
    }

    public boolean hasError(String name) {
        return errors.containsKey(name);
    }
}
