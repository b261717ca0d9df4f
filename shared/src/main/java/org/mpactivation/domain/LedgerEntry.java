package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The metering ledger: one entry per subscription, marketplace dimension and hour. Its quantity is
 * fixed when the entry is written (PENDING), so a resend after a crash is identical to the first
 * send and the marketplace counts it once.
 */
public record LedgerEntry(SubscriptionId subscriptionId, Instant hour, String dimension, long quantity, State state,
                          String detail, long version) {

    public enum State {
        /** Written, not yet confirmed by the marketplace. */
        PENDING,
        /** The marketplace billed it (Success, or DuplicateRecord: billed before). */
        SENT,
        /** The buyer is no longer subscribed; never sent again. */
        NOT_SUBSCRIBED,
        /** Refused or too old for the marketplace's window: flagged for an operator, never dropped silently. */
        FLAGGED;

        public boolean settled() {
            return this != PENDING;
        }
    }

    public LedgerEntry {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(state, "state");
    }

    public LedgerEntry settle(State newState, String newDetail) {
        return new LedgerEntry(subscriptionId, hour, dimension, quantity, newState, newDetail, version);
    }
}
