package org.mpactivation.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects the errors of one form so that the buyer sees all of them at once. */
public final class FieldErrors {

    private final Map<String, String> errors = new LinkedHashMap<>();

    public FieldErrors add(String field, String messageKey) {
        errors.putIfAbsent(field, messageKey);
        return this;
    }

    public boolean has(String field) {
        return errors.containsKey(field);
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors, false);
        }
    }
}
