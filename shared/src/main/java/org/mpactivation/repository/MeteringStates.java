package org.mpactivation.repository;

import org.mpactivation.domain.Timestamps;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * Per subscription, how far its usage has been reported, and when it is next due; the index on the
 * due time lets the hourly run read only the subscriptions that are due. Each cloud has its own
 * partitions of that index, because each deployment meters its own cloud's subscriptions only: an
 * AWS run must never read an Azure subscription, nor the other way round. AWS keeps the partition
 * names it had before Azure was sold ({@code METERDUE#<shard>}), so stored states stay due.
 */
public final class MeteringStates {

    static final int SHARDS = 8;
    private final ItemStore store;

    public MeteringStates(ItemStore store) {
        this.store = store;
    }

    /**
     * Starts metering a subscription from {@code fromHour} (idempotent: an existing state is kept).
     * It joins the reconciliation schedule later: the daily run enrolls every subscription being
     * metered, and {@link #stop} one whose metering ends before that.
     */
    public void start(SubscriptionId id, Instant fromHour, Instant dueAt) {
        try {
            store.putIfAbsent(toItem(new MeteringState(id, fromHour, dueAt, false, false, 0)));
        } catch (ConditionFailedException alreadyStarted) {
            // a retry of the activation
        }
    }

    public Optional<MeteringState> find(SubscriptionId id) {
        return store.get(key(id)).map(MeteringStates::fromItem);
    }

    /**
     * Asks for the final report of a subscription that is ending: it becomes due now and reports
     * through the current hour. Nothing happens if it was never metered, is stopped, or was asked
     * already.
     */
    public void finalReportDue(SubscriptionId id, Instant now) {
        ConflictRetries retries = ConflictRetries.of("final report of " + id);
        while (retries.next()) {
            Optional<MeteringState> state = find(id);
            if (state.isEmpty() || state.get().finalReport() || state.get().stopped()) {
                return;
            }
            try {
                save(state.get().finalReportDue(now));
                return;
            } catch (ConditionFailedException concurrent) {
                // the metering run moved it on: look again
            }
        }
        throw retries.exhausted();
    }

    /**
     * Writes a state that goes on metering; one that stops goes through {@link #stop}.
     *
     * @throws ConditionFailedException on a concurrent change
     */
    public MeteringState save(MeteringState state) {
        if (state.stopped()) {
            throw new IllegalArgumentException("a stopping state is written by stop(), which schedules its reconciliation");
        }
        return fromItem(store.replace(toItem(state)));
    }

    /**
     * Writes a state that stops metering, having first put the subscription on the reconciliation
     * schedule from {@code checkedFrom}, due at {@code now}: the daily run enrolls only the
     * subscriptions still metered, so one that ends before that run would otherwise never be
     * compared. The enrolment comes first and keeps an existing entry, so a crash between the two
     * writes leaves the subscription enrolled and the replay that stops it again enrolls nothing
     * twice; should the stop lose a race, a subscription still metered was enrolled early, which the
     * daily run would have done anyway.
     *
     * @param checkedFrom no later than its first metered hour (reconciliation keeps to the
     *                    subscription's own hours, and catches up a long past over several runs);
     *                    null for a subscription that the ledger reconciliation does not compare,
     *                    which is then only stopped
     * @throws ConditionFailedException on a concurrent change of the state (the enrolment stays)
     */
    public MeteringState stop(MeteringState stopping, Instant checkedFrom, Instant now) {
        if (!stopping.stopped()) {
            throw new IllegalArgumentException("not a stopping state");
        }
        if (checkedFrom != null) {
            new ReconciliationSchedules(store).enroll(stopping.subscriptionId(), checkedFrom, now);
        }
        return fromItem(store.replace(toItem(stopping)));
    }

    /** The AWS states due at {@code now} in one index partition. */
    public Page due(int shard, Instant now, String cursor, int limit) {
        return due(Cloud.AWS, shard, now, cursor, limit);
    }

    /** The states of {@code cloud}'s subscriptions due at {@code now} in one of its index partitions. */
    public Page due(Cloud cloud, int shard, Instant now, String cursor, int limit) {
        return store.queryIndex(duePartition(cloud, shard), "0", Keys.indexTime(now), cursor, limit);
    }

    public static int shards() {
        return SHARDS;
    }

    public static MeteringState fromStored(Item item) {
        return fromItem(item);
    }

    /** AWS's partitions keep their names from before Azure ({@code METERDUE#3}); others name their cloud. */
    static String duePartition(Cloud cloud, int shard) {
        return cloud == Cloud.AWS ? "METERDUE#" + shard : "METERDUE#" + cloud.code() + "#" + shard;
    }

    private static ItemKey key(SubscriptionId id) {
        return new ItemKey("METER#" + id.asText(), "STATE");
    }

    private static Item toItem(MeteringState s) {
        Map<String, String> attributes = Attributes.create()
                .put("subscriptionId", s.subscriptionId().asText())
                .put("meteredThrough", s.meteredThrough())
                .put("finalReport", s.finalReport())
                .put("stopped", s.stopped()).build();
        IndexKey index = s.stopped() ? null
                : new IndexKey(duePartition(s.subscriptionId().cloud(),
                Math.floorMod(s.subscriptionId().asText().hashCode(), SHARDS)), Keys.indexTime(s.dueAt()));
        return new Item(key(s.subscriptionId()), attributes, s.version(), null, index);
    }

    private static MeteringState fromItem(Item item) {
        Map<String, String> a = item.attributes();
        return new MeteringState(SubscriptionId.parse(a.get("subscriptionId")),
                Attributes.instant(a, "meteredThrough"),
                item.index() == null ? null : Timestamps.parse(item.index().sk()),
                Attributes.flag(a, "finalReport"), Attributes.flag(a, "stopped"), item.version());
    }
}
