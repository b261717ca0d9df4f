package org.mpactivation.port.out;

import java.time.Instant;
import org.mpactivation.domain.ReconciliationProgress;
import org.mpactivation.domain.SubscriptionId;

/**
 * Which subscriptions the daily reconciliation looks at, and how far each is reconciled. Spread
 * over {@link #shards()} partitions by subscription, read page by page: no run holds them all.
 */
public interface ReconciliationSchedule {

    int shards();

    boolean isEnrolled(SubscriptionId id);

    /** Puts a subscription on the schedule from {@code checkedFrom} on (idempotent: an existing entry is kept). */
    void enroll(SubscriptionId id, Instant checkedFrom, Instant dueAt);

    /** The entries due at {@code now} in one partition. */
    Slice<ReconciliationProgress> due(int shard, Instant now, String cursor, int limit);

    /**
     * Writes the entry if nobody wrote it since it was read; a retired entry (no next run) leaves
     * the schedule and expires.
     *
     * @throws org.mpactivation.port.out.store.ConditionFailedException on a concurrent change
     */
    ReconciliationProgress save(ReconciliationProgress progress);
}
