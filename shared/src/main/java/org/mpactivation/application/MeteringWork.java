package org.mpactivation.application;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.repository.MeteringLedger;

/**
 * One subscription's share of a metering run: its ledger entries for the hours in
 * [meteredThrough, limit), as fixed by the planner and settled by the answers.
 */
final class MeteringWork {

    final MeteringState state;
    final MarketplaceSubscription subscription;
    /** The hours before this one are this run's share. */
    final Instant limit;
    /** True when the run's cap on hours cut the share short: more hours are due at once. */
    final boolean capped;
    final Map<String, LedgerEntry> entries = new LinkedHashMap<>();
    private final TreeSet<String> changed = new TreeSet<>();
    /** An unexpected error met while sending this subscription's records (null: none). */
    private String error;

    MeteringWork(MeteringState state, MarketplaceSubscription subscription, Instant limit, boolean capped) {
        this.state = state;
        this.subscription = subscription;
        this.limit = limit;
        this.capped = capped;
    }

    void add(LedgerEntry entry) {
        entries.put(MeteringLedger.keyText(entry), entry);
    }

    synchronized void settle(LedgerEntry entry, LedgerEntry.State newState, String detail) {
        String key = MeteringLedger.keyText(entry);
        entries.put(key, entries.get(key).settle(newState, detail));
        changed.add(key);
    }

    /** Records an unexpected error on a pending entry: it stays pending, and is tried again next run. */
    synchronized void failed(LedgerEntry entry, String what) {
        settle(entry, LedgerEntry.State.PENDING, what);
        error = what;
    }

    synchronized String error() {
        return error;
    }

    boolean allSettled() {
        return entries.values().stream().allMatch(e -> e.state().settled());
    }

    boolean anyNotSubscribed() {
        return entries.values().stream().anyMatch(e -> e.state() == LedgerEntry.State.NOT_SUBSCRIBED);
    }

    /** Writes the entries the answers changed; an entry a concurrent run settled keeps that run's answer. */
    void writeSettledEntries(MeteringLedger ledger) {
        for (String key : changed) {
            LedgerEntry entry = entries.get(key);
            try {
                entries.put(key, ledger.save(entry));
            } catch (ConditionFailedException concurrentRun) {
                ledger.find(entry.subscriptionId(), entry.hour(), entry.dimension())
                        .ifPresent(stored -> entries.put(key, stored));
            }
        }
        changed.clear();
    }
}
