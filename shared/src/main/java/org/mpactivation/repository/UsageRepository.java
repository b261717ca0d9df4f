package org.mpactivation.repository;

import org.mpactivation.domain.Timestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * Usage records, stored once per record id. Each record is two items: a guard under its id (which
 * keeps the id unique and its content fixed) and the record itself in its workspace's partition
 * for the hour. The metering sums an hour from that partition with a strongly consistent query, so
 * a record stored before the hour is read is always in the sum (a secondary index could lag).
 */
public final class UsageRepository {

    private final ItemStore store;

    public UsageRepository(ItemStore store) {
        this.store = store;
    }

    public Optional<UsageRecord> find(String recordId) {
        return store.get(guardKey(recordId)).map(UsageRepository::fromItem);
    }

    /**
     * Stores a record unless one with its id exists; see {@link #insert}.
     *
     * @return the record stored under that id (this one, or the earlier one)
     */
    public UsageRecord putIfAbsent(UsageRecord record) {
        return insert(record).stored();
    }

    /**
     * What one conditional write of a record did: {@code written} when this call created the record's guard
     * (the record is new, and this call is the one that stored it), else {@code stored} is the record that was
     * there first (the same content: a duplicate, also when a concurrent request wrote it a moment ago; other
     * content: a conflict).
     */
    public record Insert(UsageRecord stored, boolean written) {

        /** True when the record stored under the id is this one, whoever wrote it. */
        public boolean holds(UsageRecord record) {
            return stored.equals(record);
        }
    }

    /**
     * Stores a record unless one with its id exists, and says which happened, from the outcome of the
     * conditional write itself (a read before it cannot tell: another request may write in between). The
     * guard is written first; the record in its hour's partition second, also when the guard was there
     * already with the same content (a retry after a crash between the two writes finishes the job).
     */
    public Insert insert(UsageRecord record) {
        boolean guardWritten;
        try {
            store.putIfAbsent(Item.of(guardKey(record.recordId()), attributes(record)));
            guardWritten = true;
        } catch (ConditionFailedException exists) {
            UsageRecord earlier = find(record.recordId()).orElseThrow(() -> exists);
            if (!earlier.equals(record)) {
                return new Insert(earlier, false);
            }
            guardWritten = false;
        }
        ItemKey hourKey = hourKey(record);
        if (guardWritten || store.get(hourKey).isEmpty()) {
            try {
                store.putIfAbsent(Item.of(hourKey, attributes(record)));
            } catch (ConditionFailedException alreadyThere) {
                // a concurrent resend wrote it: the record is stored once
            }
        }
        return new Insert(record, guardWritten);
    }

    /** The usage of one workspace in one hour, per dimension (a strongly consistent read). */
    public Map<String, Long> sumByDimension(String workspaceId, Instant hour) {
        Map<String, Long> sums = new HashMap<>();
        String cursor = null;
        do {
            Page page = store.query(hourPartition(workspaceId, hour), "", cursor, 1000);
            for (Item item : page.items()) {
                sums.merge(item.get("dimension"), Long.parseLong(item.get("quantity")), Long::sum);
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return sums;
    }

    private static Map<String, String> attributes(UsageRecord record) {
        return Attributes.create()
                .put("recordId", record.recordId()).put("workspaceId", record.workspaceId())
                .put("dimension", record.dimension()).put("hour", record.hour())
                .put("quantity", record.quantity()).build();
    }

    private static ItemKey guardKey(String recordId) {
        return new ItemKey("USAGE#" + recordId, "RECORD");
    }

    private static ItemKey hourKey(UsageRecord record) {
        return new ItemKey(hourPartition(record.workspaceId(), record.hour()),
                record.dimension() + "#" + record.recordId());
    }

    private static String hourPartition(String workspaceId, Instant hour) {
        return "USAGEHOUR#" + workspaceId + "#" + Timestamps.format(hour);
    }

    private static UsageRecord fromItem(Item item) {
        Map<String, String> a = item.attributes();
        return new UsageRecord(a.get("recordId"), a.get("workspaceId"), a.get("dimension"),
                Attributes.instant(a, "hour"), Long.parseLong(a.get("quantity")));
    }
}
