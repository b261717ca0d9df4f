package org.mpactivation.simulator.azure;

/** The actions of fulfillment operations, as the webhook and the operations API name them. */
public enum OperationAction {
    ChangePlan(true),
    ChangeQuantity(true),
    Reinstate(true),
    Suspend(false),
    Renew(false),
    Unsubscribe(false);

    private final boolean needsAcknowledgement;

    OperationAction(boolean needsAcknowledgement) {
        this.needsAcknowledgement = needsAcknowledgement;
    }

    /**
     * Whether the marketplace waits for the publisher to accept or reject the operation (PATCH Success or
     * Failure) before applying it; the others are notifications of a change already made.
     */
    public boolean needsAcknowledgement() {
        return needsAcknowledgement;
    }
}
