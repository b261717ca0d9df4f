package org.mpactivation.port.out.azure;

/** How the publisher answers an operation in progress. */
public enum OperationOutcome {
    SUCCESS("Success"),
    FAILURE("Failure");

    private final String wireName;

    OperationOutcome(String wireName) {
        this.wireName = wireName;
    }

    /** The status as the API spells it. */
    public String wireName() {
        return wireName;
    }
}
