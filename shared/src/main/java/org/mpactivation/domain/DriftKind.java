package org.mpactivation.domain;

/**
 * How the ledger and what the marketplace recorded disagree for one subscription, dimension and
 * hour, or, for the {@code SUBSCRIPTION_} kinds, how a stored subscription disagreed with what the
 * marketplace says about it (found by the daily subscription comparison, dimension
 * {@code subscription}). Each kind names the side that is wrong as far as reconciliation can tell;
 * an operator decides what to do (credit, re-send, investigate). The first four subscription kinds
 * were repaired when found: the finding says a notification was missed.
 */
public enum DriftKind {
    /** The ledger says the hour was billed (SENT), the marketplace has no record of it. */
    MISSING,
    /**
     * The marketplace has a record the ledger does not account for as billed: no entry, or an entry
     * that is FLAGGED or NOT_SUBSCRIBED with the same quantity (a crash between a send and its
     * settling is not drift while the entry is still PENDING within the metering window).
     */
    NOT_IN_LEDGER,
    /** The marketplace has more than one record for the subscription, dimension and hour. */
    DOUBLED,
    /** The marketplace's record carries another quantity than the ledger's entry. */
    DIFFERENT_QUANTITY,
    /** An hour that began after the subscription ended (or its entitlements lapsed) was billed. */
    BILLED_AFTER_END,
    /** A ledger entry is still PENDING after the metering window closed: it can no longer be sent. */
    STUCK_PENDING,
    /** The marketplace's status (subscribed, suspended, ended) differed from ours; ours now follows it. */
    SUBSCRIPTION_STATUS,
    /** The marketplace sells another offer or plan than we had stored; repaired. */
    SUBSCRIPTION_PLAN,
    /** The marketplace has another seat count than we had stored; repaired. */
    SUBSCRIPTION_QUANTITY,
    /** The term (start, end, unit) or its auto-renewal differed from ours; repaired. */
    SUBSCRIPTION_TERM,
    /** The marketplace has a subscription we never stored (its buyer never reached the landing page). */
    SUBSCRIPTION_NOT_STORED,
    /** We have a live subscription that the marketplace no longer knows; left as it is for the operator. */
    SUBSCRIPTION_NOT_LISTED;

    /** True for the kinds the daily subscription comparison finds (not tied to an hour of usage). */
    public boolean aboutSubscription() {
        return name().startsWith("SUBSCRIPTION_");
    }
}
