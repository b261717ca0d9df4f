package org.mpactivation.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mpactivation.domain.ReconciliationProgress;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.ReconciliationSchedule;
import org.mpactivation.port.out.Slice;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * The reconciliation schedule: {@code RECONCILE#<subscription> / SCHEDULE}, with the next run time
 * in the index partition {@code RECONCILEDUE#<shard>} (shard from the subscription id, so no
 * partition is hot). A retired entry drops its index key and expires after a year.
 */
public final class ReconciliationSchedules implements ReconciliationSchedule {

    static final int SHARDS = 8;
    static final Duration RETIRED_KEPT = Duration.ofDays(366);

    private final ItemStore store;

    public ReconciliationSchedules(ItemStore store) {
        this.store = store;
    }

    @Override
    public int shards() {
        return SHARDS;
    }

    @Override
    public boolean isEnrolled(SubscriptionId id) {
        return store.get(key(id)).isPresent();
    }

    @Override
    public void enroll(SubscriptionId id, Instant checkedFrom, Instant dueAt) {
        try {
            store.putIfAbsent(toItem(new ReconciliationProgress(id, checkedFrom, dueAt, 0)));
        } catch (ConditionFailedException alreadyEnrolled) {
            // a retry, or the daily run found it first
        }
    }

    @Override
    public Slice<ReconciliationProgress> due(int shard, Instant now, String cursor, int limit) {
        Page page = store.queryIndex(indexPartition(shard), "0", Keys.indexTime(now), cursor, limit);
        List<ReconciliationProgress> due = new ArrayList<>();
        for (Item item : page.items()) {
            due.add(fromItem(item));
        }
        return new Slice<>(due, page.nextCursor());
    }

    @Override
    public ReconciliationProgress save(ReconciliationProgress progress) {
        return fromItem(store.replace(toItem(progress)));
    }

    static int shardOf(SubscriptionId id) {
        return Math.floorMod(id.asText().hashCode(), SHARDS);
    }

    private static String indexPartition(int shard) {
        return "RECONCILEDUE#" + shard;
    }

    private static ItemKey key(SubscriptionId id) {
        return new ItemKey("RECONCILE#" + id.asText(), "SCHEDULE");
    }

    private static Item toItem(ReconciliationProgress p) {
        Map<String, String> attributes = Attributes.create()
                .put("subscriptionId", p.subscriptionId().asText())
                .put("checkedThrough", p.checkedThrough())
                .put("nextRunAt", p.nextRunAt()).build();
        IndexKey index = p.retired() ? null
                : new IndexKey(indexPartition(shardOf(p.subscriptionId())), Keys.indexTime(p.nextRunAt()));
        Instant expiresAt = p.retired() ? p.checkedThrough().plus(RETIRED_KEPT) : null;
        return new Item(key(p.subscriptionId()), attributes, p.version(), expiresAt, index);
    }

    private static ReconciliationProgress fromItem(Item item) {
        Map<String, String> a = item.attributes();
        return new ReconciliationProgress(SubscriptionId.parse(a.get("subscriptionId")),
                Attributes.instant(a, "checkedThrough"), Attributes.instant(a, "nextRunAt"), item.version());
    }
}
