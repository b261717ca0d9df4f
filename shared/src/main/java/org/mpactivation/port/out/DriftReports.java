package org.mpactivation.port.out;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.ReconciliationRun;

/**
 * The drift reconciliation found, kept for a few weeks. Stored per subscription (one item per
 * subscription, hour, dimension and kind: finding it again overwrites it) and listed per run,
 * spread over {@link #shards()} partitions.
 */
public interface DriftReports {

    int shards();

    /** Stores a drift; the same subscription, hour, dimension and kind found again replaces the older finding. */
    void record(Drift drift);

    void runFinished(ReconciliationRun run);

    Optional<ReconciliationRun> latestRun();

    /**
     * Records the latest run of the daily subscription comparison (Azure), kept apart from the
     * metering reconciliation's so that neither hides the other's drift.
     */
    void subscriptionRunFinished(ReconciliationRun run);

    Optional<ReconciliationRun> latestSubscriptionRun();

    /** The drift a run found, one partition at a time. */
    Slice<Drift> found(String runId, int shard, String cursor, int limit);

    /** The drift a run found, over every partition, at most {@code max} of them. */
    default List<Drift> found(String runId, int max) {
        List<Drift> found = new ArrayList<>();
        for (int shard = 0; shard < shards() && found.size() < max; shard++) {
            String cursor = null;
            do {
                Slice<Drift> page = found(runId, shard, cursor, 100);
                for (Drift drift : page.items()) {
                    if (found.size() < max) {
                        found.add(drift);
                    }
                }
                cursor = found.size() < max ? page.nextCursor() : null;
            } while (cursor != null);
        }
        return found;
    }
}
