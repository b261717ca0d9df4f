package org.mpactivation.domain;

/** Our view of a marketplace subscription's life. */
public enum SubscriptionStatus {
    /** Recorded from the marketplace redirect; the buyer has not finished activation. */
    PENDING_ACTIVATION,
    /** Bound to a Billing Center account and at least one workspace; usage is metered. */
    ACTIVE,
    SUSPENDED,
    /** The marketplace announced the end; a final metering report is due. */
    UNSUBSCRIBE_PENDING,
    UNSUBSCRIBED,
    /** The marketplace reported that the subscription failed (for example payment). */
    FAILED;

    public boolean isLive() {
        return this == PENDING_ACTIVATION || this == ACTIVE || this == SUSPENDED || this == UNSUBSCRIBE_PENDING;
    }
}
