package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a subscription's metering has been reconciled.
 *
 * @param checkedThrough every hour before this one has been compared at least once
 * @param nextRunAt      when the daily job should look at it again (null: retired, nothing left to compare)
 */
public record ReconciliationProgress(SubscriptionId subscriptionId, Instant checkedThrough, Instant nextRunAt,
                                     long version) {

    public ReconciliationProgress {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(checkedThrough, "checkedThrough");
    }

    public ReconciliationProgress checked(Instant through, Instant next) {
        return new ReconciliationProgress(subscriptionId, through, next, version);
    }

    public boolean retired() {
        return nextRunAt == null;
    }
}
