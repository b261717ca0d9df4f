package org.mpactivation.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.ReconciliationRun;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.DriftReports;
import org.mpactivation.port.out.Slice;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * Drift as found: {@code DRIFT#<subscription> / <hour>#<dimension>#<kind>}, expiring after
 * {@link #KEPT}, listed per run through the index partition {@code DRIFTRUN#<run>#<shard>} (shard
 * from the subscription id). The latest run is one item, {@code RECONCILIATION#RUN / LATEST}, written
 * once per run; the daily subscription comparison's is {@code RECONCILIATION#RUN / LATEST#SUBSCRIPTIONS}.
 */
public final class DriftFindings implements DriftReports {

    /** How long a finding is kept (DynamoDB TTL deletes it later; reads ignore it from then on). */
    public static final Duration KEPT = Duration.ofDays(35);
    static final int SHARDS = 8;
    static final int MAX_ATTEMPTS = 5;
    private static final ItemKey LATEST_RUN = new ItemKey("RECONCILIATION#RUN", "LATEST");
    private static final ItemKey LATEST_SUBSCRIPTION_RUN = new ItemKey("RECONCILIATION#RUN", "LATEST#SUBSCRIPTIONS");

    private final ItemStore store;

    public DriftFindings(ItemStore store) {
        this.store = store;
    }

    @Override
    public int shards() {
        return SHARDS;
    }

    @Override
    public void record(Drift drift) {
        write(toItem(drift));
    }

    @Override
    public void runFinished(ReconciliationRun run) {
        writeRun(LATEST_RUN, run);
    }

    @Override
    public Optional<ReconciliationRun> latestRun() {
        return readRun(LATEST_RUN);
    }

    @Override
    public void subscriptionRunFinished(ReconciliationRun run) {
        writeRun(LATEST_SUBSCRIPTION_RUN, run);
    }

    @Override
    public Optional<ReconciliationRun> latestSubscriptionRun() {
        return readRun(LATEST_SUBSCRIPTION_RUN);
    }

    private void writeRun(ItemKey key, ReconciliationRun run) {
        write(new Item(key, Attributes.create()
                .put("runId", run.runId()).put("startedAt", run.startedAt()).put("finishedAt", run.finishedAt())
                .put("subscriptions", run.subscriptions()).put("drifts", run.drifts()).put("failed", run.failed())
                .put("complete", run.complete()).build(), 0, null, null));
    }

    private Optional<ReconciliationRun> readRun(ItemKey key) {
        return store.get(key).map(item -> {
            Map<String, String> a = item.attributes();
            return new ReconciliationRun(a.get("runId"), Attributes.instant(a, "startedAt"),
                    Attributes.instant(a, "finishedAt"), Integer.parseInt(a.get("subscriptions")),
                    Integer.parseInt(a.get("drifts")), Integer.parseInt(a.get("failed")),
                    Attributes.flag(a, "complete"));
        });
    }

    @Override
    public Slice<Drift> found(String runId, int shard, String cursor, int limit) {
        Page page = store.queryIndex(indexPartition(runId, shard), "", "~", cursor, limit);
        List<Drift> drifts = new ArrayList<>();
        for (Item item : page.items()) {
            drifts.add(fromItem(item));
        }
        return new Slice<>(drifts, page.nextCursor());
    }

    /** Put if absent, else replace the version just read; a bounded number of tries. */
    private void write(Item item) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                Optional<Item> stored = store.get(item.key());
                if (stored.isEmpty()) {
                    store.putIfAbsent(item);
                } else {
                    store.replace(new Item(item.key(), item.attributes(), stored.get().version(), item.expiresAt(),
                            item.index()));
                }
                return;
            } catch (ConditionFailedException concurrent) {
                // written meanwhile: read again
            }
        }
        throw new StoreUnavailableException("gave up writing " + item.key().pk() + " after " + MAX_ATTEMPTS
                + " concurrent changes", null);
    }

    private static String indexPartition(String runId, int shard) {
        return "DRIFTRUN#" + runId + "#" + shard;
    }

    private static Item toItem(Drift d) {
        String slot = d.hour() + "#" + d.dimension() + "#" + d.kind().name();
        Attributes a = Attributes.create()
                .put("subscriptionId", d.subscriptionId().asText()).put("hour", d.hour())
                .put("dimension", d.dimension()).put("kind", d.kind().name())
                .put("detail", d.detail().isEmpty() ? null : d.detail())
                .put("runId", d.runId()).put("foundAt", d.foundAt());
        if (d.ledgerQuantity() != null) {
            a.put("ledgerQuantity", d.ledgerQuantity());
        }
        if (d.marketplaceQuantity() != null) {
            a.put("marketplaceQuantity", d.marketplaceQuantity());
        }
        int shard = Math.floorMod(d.subscriptionId().asText().hashCode(), SHARDS);
        return new Item(new ItemKey("DRIFT#" + d.subscriptionId().asText(), slot), a.build(), 0,
                d.foundAt().plus(KEPT),
                new IndexKey(indexPartition(d.runId(), shard), d.subscriptionId().asText() + "#" + slot));
    }

    private static Drift fromItem(Item item) {
        Map<String, String> a = item.attributes();
        return new Drift(SubscriptionId.parse(a.get("subscriptionId")), Attributes.instant(a, "hour"),
                a.get("dimension"), DriftKind.valueOf(a.get("kind")), number(a.get("ledgerQuantity")),
                number(a.get("marketplaceQuantity")), a.get("detail"), a.get("runId"),
                Attributes.instant(a, "foundAt"));
    }

    private static Long number(String text) {
        return text == null ? null : Long.valueOf(text);
    }
}
