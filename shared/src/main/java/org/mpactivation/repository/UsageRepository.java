package org.mpactivation.repository;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * Usage records, stored once per record id; the index groups them by workspace and hour, which is
 * how the metering run reads them.
 */
public final class UsageRepository {

    private final ItemStore store;

    public UsageRepository(ItemStore store) {
        this.store = store;
    }

    public Optional<UsageRecord> find(String recordId) {
        return store.get(key(recordId)).map(UsageRepository::fromItem);
    }

    /**
     * Stores a record unless one with its id exists.
     *
     * @return the record stored under that id (this one, or the earlier one)
     */
    public UsageRecord putIfAbsent(UsageRecord record) {
        try {
            store.putIfAbsent(new Item(key(record.recordId()), Attributes.create()
                    .put("recordId", record.recordId()).put("workspaceId", record.workspaceId())
                    .put("dimension", record.dimension()).put("hour", record.hour())
                    .put("quantity", record.quantity()).build(), 0, null,
                    new IndexKey(indexPartition(record.workspaceId(), record.hour()),
                            record.dimension() + "#" + record.recordId())));
            return record;
        } catch (ConditionFailedException exists) {
            return find(record.recordId()).orElseThrow(() -> exists);
        }
    }

    /** The usage of one workspace in one hour, per dimension. */
    public Map<String, Long> sumByDimension(String workspaceId, Instant hour) {
        Map<String, Long> sums = new HashMap<>();
        String cursor = null;
        do {
            Page page = store.queryIndex(indexPartition(workspaceId, hour), "", "~", cursor, 500);
            for (Item item : page.items()) {
                sums.merge(item.get("dimension"), Long.parseLong(item.get("quantity")), Long::sum);
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return sums;
    }

    private static ItemKey key(String recordId) {
        return new ItemKey("USAGE#" + recordId, "RECORD");
    }

    private static String indexPartition(String workspaceId, Instant hour) {
        return "USAGE#" + workspaceId + "#" + hour;
    }

    private static UsageRecord fromItem(Item item) {
        Map<String, String> a = item.attributes();
        return new UsageRecord(a.get("recordId"), a.get("workspaceId"), a.get("dimension"),
                Attributes.instant(a, "hour"), Long.parseLong(a.get("quantity")));
    }
}
