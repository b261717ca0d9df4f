package org.mpactivation.repository;

import org.mpactivation.domain.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** The metering ledger: one entry per (subscription, hour, dimension), readable per subscription. */
public final class MeteringLedger {

    private final ItemStore store;

    public MeteringLedger(ItemStore store) {
        this.store = store;
    }

    public Optional<LedgerEntry> find(SubscriptionId id, Instant hour, String dimension) {
        return store.get(key(id, hour, dimension)).map(item -> fromItem(id, item));
    }

    /** Writes a new entry, or returns the one an earlier run wrote (whose quantity then stands). */
    public LedgerEntry createOrGet(LedgerEntry entry) {
        try {
            return fromItem(entry.subscriptionId(), store.putIfAbsent(toItem(entry)));
        } catch (ConditionFailedException earlierRun) {
            return find(entry.subscriptionId(), entry.hour(), entry.dimension()).orElseThrow(() -> earlierRun);
        }
    }

    /** @throws ConditionFailedException on a concurrent change */
    public LedgerEntry save(LedgerEntry entry) {
        return fromItem(entry.subscriptionId(), store.replace(toItem(entry)));
    }

    /** Every entry of a subscription, oldest hour first. */
    public List<LedgerEntry> entries(SubscriptionId id) {
        List<LedgerEntry> entries = new ArrayList<>();
        String cursor = null;
        do {
            Page page = store.query(partition(id), "", cursor, 500);
            page.items().forEach(item -> entries.add(fromItem(id, item)));
            cursor = page.nextCursor();
        } while (cursor != null);
        return entries;
    }

    /**
     * The entries of the hours in [{@code fromHour}, {@code toHour}), oldest hour first: one query
     * per UTC day (sort keys start with the hour), so a subscription's older history is never read.
     */
    public List<LedgerEntry> entries(SubscriptionId id, Instant fromHour, Instant toHour) {
        List<LedgerEntry> entries = new ArrayList<>();
        if (!fromHour.isBefore(toHour)) {
            return entries;
        }
        LocalDate last = LocalDate.ofInstant(toHour.minusNanos(1), ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(fromHour, ZoneOffset.UTC); !day.isAfter(last);
             day = day.plusDays(1)) {
            String cursor = null;
            do {
                Page page = store.query(partition(id), day + "T", cursor, 500);
                for (Item item : page.items()) {
                    LedgerEntry entry = fromItem(id, item);
                    if (!entry.hour().isBefore(fromHour) && entry.hour().isBefore(toHour)) {
                        entries.add(entry);
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return entries;
    }

    /** The ledger key of an entry, as text: used to match marketplace results back to entries. */
    public static String keyText(LedgerEntry entry) {
        return key(entry.subscriptionId(), entry.hour(), entry.dimension()).toString();
    }

    private static String partition(SubscriptionId id) {
        return "LEDGER#" + id.asText();
    }

    private static ItemKey key(SubscriptionId id, Instant hour, String dimension) {
        return new ItemKey(partition(id), Timestamps.format(hour) + "#" + dimension);
    }

    private static Item toItem(LedgerEntry e) {
        return new Item(key(e.subscriptionId(), e.hour(), e.dimension()), Attributes.create()
                .put("hour", e.hour()).put("dimension", e.dimension()).put("quantity", e.quantity())
                .put("state", e.state().name()).put("detail", e.detail()).build(), e.version(), null, null);
    }

    private static LedgerEntry fromItem(SubscriptionId id, Item item) {
        Map<String, String> a = item.attributes();
        return new LedgerEntry(id, Attributes.instant(a, "hour"), a.get("dimension"), Long.parseLong(a.get("quantity")),
                LedgerEntry.State.valueOf(a.get("state")), a.get("detail"), item.version());
    }
}
