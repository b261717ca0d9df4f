package org.mpactivation.repository;

import org.mpactivation.domain.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.MeteringFacts;
import org.mpactivation.port.out.Slice;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** The stored billing facts of subscriptions, read through the repositories that write them. */
public final class StoredMeteringFacts implements MeteringFacts {

    /** Later than any due time: reads every metering state that is not stopped. */
    private static final Instant ANY_DUE_TIME = Timestamps.parse("9999-12-31T23:59:59Z");

    private final SubscriptionRepository subscriptions;
    private final AuditTrail audit;
    private final MeteringLedger ledger;
    private final MeteringStates states;

    public StoredMeteringFacts(ItemStore store) {
        this.subscriptions = new SubscriptionRepository(store);
        this.audit = new AuditTrail(store);
        this.ledger = new MeteringLedger(store);
        this.states = new MeteringStates(store);
    }

    @Override
    public Optional<MarketplaceSubscription> subscription(SubscriptionId id) {
        return subscriptions.find(id);
    }

    @Override
    public List<StatusChange> statusHistory(SubscriptionId id) {
        return audit.history(id);
    }

    @Override
    public List<LedgerEntry> ledger(SubscriptionId id, Instant fromHour, Instant toHour) {
        return ledger.entries(id, fromHour, toHour);
    }

    @Override
    public Optional<MeteringState> metering(SubscriptionId id) {
        return states.find(id);
    }

    /** AWS's partitions: the ledger reconciliation compares AWS's subscriptions only (see {@code Reconciliation#compares}). */
    @Override
    public Slice<MeteringState> metered(int shard, String cursor, int limit) {
        Page page = states.due(Cloud.AWS, shard, ANY_DUE_TIME, cursor, limit);
        List<MeteringState> metered = new ArrayList<>();
        for (Item item : page.items()) {
            metered.add(MeteringStates.fromStored(item));
        }
        return new Slice<>(metered, page.nextCursor());
    }

    @Override
    public int meteringShards() {
        return MeteringStates.shards();
    }
}
