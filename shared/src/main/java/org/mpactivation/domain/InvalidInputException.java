package org.mpactivation.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The buyer's input breaks a rule. Carries, per form field, the key of the message to show; the
 * page is shown again with every value the buyer entered. Maps to 422 (or 409 for conflicts).
 */
public class InvalidInputException extends RuntimeException {

    private final Map<String, String> fieldErrors;
    private final boolean conflict;

    public InvalidInputException(Map<String, String> fieldErrors, boolean conflict) {
        super("invalid input: " + fieldErrors.keySet());
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
        this.conflict = conflict;
    }

    public static InvalidInputException of(String field, String messageKey) {
        return new InvalidInputException(Map.of(field, messageKey), false);
    }

    public static InvalidInputException conflict(String field, String messageKey) {
        return new InvalidInputException(Map.of(field, messageKey), true);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** True when the input is well-formed but collides with stored state (a taken username). */
    public boolean isConflict() {
        return conflict;
    }
}
