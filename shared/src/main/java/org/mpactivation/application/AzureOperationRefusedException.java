package org.mpactivation.application;

import java.util.Objects;

/**
 * A webhook call the use case will not act on, although its sender was authenticated: the operation it names is
 * unknown to the Fulfillment API, or the API's operation is not the one the call describes. Nothing was changed;
 * the answer is a 4xx.
 */
public class AzureOperationRefusedException extends RuntimeException {

    /** Why the call was refused. */
    public enum Reason {
        /** The Fulfillment API does not know the operation (or not on that subscription). */
        UNKNOWN_OPERATION,
        /** The API's operation names another subscription or action than the call. */
        MISMATCH
    }

    private final Reason reason;

    public AzureOperationRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
