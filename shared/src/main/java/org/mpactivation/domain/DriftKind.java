package org.mpactivation.domain;

/**
 * How the ledger and what the marketplace recorded disagree for one subscription, dimension and
 * hour. Each kind names the side that is wrong as far as reconciliation can tell; an operator
 * decides what to do (credit, re-send, investigate).
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
    STUCK_PENDING
}
