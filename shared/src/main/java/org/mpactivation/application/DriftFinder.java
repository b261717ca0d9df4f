package org.mpactivation.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.RecordedUsage;

/**
 * Compares, for one subscription and the hours of one range, the ledger with what the marketplace
 * recorded, slot by slot (dimension and hour). Every hour given must be past the metering window,
 * so a PENDING entry there can no longer be sent.
 */
final class DriftFinder {

    private DriftFinder() {
    }

    /** One slot: the ledger's entry (null: none) and the marketplace's records for it. */
    private static final class Slot {
        LedgerEntry entry;
        final List<RecordedUsage> records = new ArrayList<>();
    }

    private record SlotKey(Instant hour, String dimension) {
    }

    /**
     * @param ended when the subscription was not to be billed (ended, or its entitlements lapsed)
     */
    static List<Drift> compare(SubscriptionId id, List<LedgerEntry> ledger, List<RecordedUsage> recorded,
                               EndedPeriods ended, String runId, Instant now) {
        Map<SlotKey, Slot> slots = new TreeMap<>(Comparator.comparing(SlotKey::hour)
                .thenComparing(SlotKey::dimension));
        for (LedgerEntry entry : ledger) {
            slots.computeIfAbsent(new SlotKey(entry.hour(), entry.dimension()), k -> new Slot()).entry = entry;
        }
        for (RecordedUsage record : recorded) {
            slots.computeIfAbsent(new SlotKey(record.hour(), record.dimension()), k -> new Slot()).records.add(record);
        }
        List<Drift> drifts = new ArrayList<>();
        slots.forEach((key, slot) -> {
            Finding finding = new Finding(id, key, slot, runId, now, drifts);
            LedgerEntry entry = slot.entry;
            boolean sentInLedger = entry != null && entry.state() == LedgerEntry.State.SENT;
            if (slot.records.size() > 1) {
                finding.add(DriftKind.DOUBLED, sum(slot.records));
            } else if (slot.records.isEmpty()) {
                if (sentInLedger) {
                    finding.add(DriftKind.MISSING, null);
                }
            } else {
                long quantity = slot.records.get(0).quantity();
                if (entry == null) {
                    finding.add(DriftKind.NOT_IN_LEDGER, quantity);
                } else if (entry.quantity() != quantity) {
                    finding.add(DriftKind.DIFFERENT_QUANTITY, quantity);
                } else if (entry.state() == LedgerEntry.State.FLAGGED
                        || entry.state() == LedgerEntry.State.NOT_SUBSCRIBED) {
                    finding.add(DriftKind.NOT_IN_LEDGER, quantity);
                }
            }
            if (entry != null && entry.state() == LedgerEntry.State.PENDING) {
                finding.add(DriftKind.STUCK_PENDING, slot.records.isEmpty() ? null : sum(slot.records));
            }
            boolean billed = sentInLedger || !slot.records.isEmpty();
            if (billed && ended.covers(key.hour())) {
                finding.add(DriftKind.BILLED_AFTER_END, slot.records.isEmpty() ? null : sum(slot.records));
            }
        });
        return drifts;
    }

    private static long sum(List<RecordedUsage> records) {
        return records.stream().mapToLong(RecordedUsage::quantity).sum();
    }

    /** Collects the drift of one slot with the facts an operator needs to act on it. */
    private record Finding(SubscriptionId id, SlotKey key, Slot slot, String runId, Instant now, List<Drift> out) {

        void add(DriftKind kind, Long marketplaceQuantity) {
            LedgerEntry entry = slot.entry;
            String ledger = entry == null ? "no ledger entry" : "ledger " + entry.state().name();
            String records = slot.records.isEmpty() ? "no marketplace record"
                    : "records " + slot.records.stream()
                    .map(r -> r.meteringRecordId() == null ? "(no id)" : r.meteringRecordId())
                    .collect(Collectors.joining(","));
            out.add(new Drift(id, key.hour(), key.dimension(), kind, entry == null ? null : entry.quantity(),
                    marketplaceQuantity, ledger + "; " + records, runId, now));
        }
    }
}
