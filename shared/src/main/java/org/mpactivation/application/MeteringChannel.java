package org.mpactivation.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.MarketplaceSubscription;

/**
 * One marketplace's way of billing the hours the planner fixed in the ledger. Planning, the ledger and
 * settling are the same for every cloud; what differs is the call (AWS BatchMeterUsage, Azure
 * batchUsageEvent), how its answers settle the entries, and how old an hour the marketplace still takes.
 * A metering run has one channel and meters that cloud's subscriptions only.
 */
interface MeteringChannel {

    Cloud cloud();

    /** How old an hour may be for the marketplace to take it. */
    Duration window();

    /** Whether the subscription holds what this marketplace needs to bill it (its buyer, its plan). */
    boolean canMeter(MarketplaceSubscription subscription);

    /** Sends the pending entries of the works and settles each with its answer, in memory (the settler writes them). */
    void send(List<MeteringWork> works, Instant now, MeteringTally tally);

    /** Whether the answers say the buyer is gone for good, so that the subscription's metering stops. */
    boolean buyerGone(MeteringWork work);

    /** An hour the marketplace no longer takes at {@code now}. */
    default boolean tooOld(Instant hour, Instant now) {
        return !hour.plus(window()).isAfter(now);
    }
}
