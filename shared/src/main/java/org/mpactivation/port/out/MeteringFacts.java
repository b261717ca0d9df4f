package org.mpactivation.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionId;

/** What we stored about a subscription's billing, read-only: the ledger side of reconciliation. */
public interface MeteringFacts {

    Optional<MarketplaceSubscription> subscription(SubscriptionId id);

    /** Every status change of the subscription, oldest first. */
    List<StatusChange> statusHistory(SubscriptionId id);

    /** The ledger entries of the hours in [{@code fromHour}, {@code toHour}), oldest hour first. */
    List<LedgerEntry> ledger(SubscriptionId id, Instant fromHour, Instant toHour);

    Optional<MeteringState> metering(SubscriptionId id);

    /** The subscriptions being metered now (not stopped), one partition of {@link #meteringShards()} at a time. */
    Slice<MeteringState> metered(int shard, String cursor, int limit);

    int meteringShards();
}
