package org.mpactivation.application;

import org.mpactivation.domain.SubscriptionId;

/** Told when a subscription's metering has stopped for good: its last report is settled. */
@FunctionalInterface
public interface MeteringEnded {

    MeteringEnded NOTHING = id -> { };

    void meteringEnded(SubscriptionId id);
}
