package org.mpactivation.repository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.port.out.Allowances;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;

/**
 * Allowance counters as store items, {@code LIMIT#<counter>}: a count that expires at the end of
 * its window (the store's TTL removes it; reads ignore it before then, so the next use starts a new
 * window). Every change is a conditional write on the item's version, so concurrent takers never
 * exceed the cap: a write that loses the race reads again and decides again.
 */
public final class AllowanceCounters implements Allowances {

    private static final String COUNT = "count";

    private final ItemStore store;
    private final Clock clock;

    public AllowanceCounters(ItemStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Use take(String counter, int max, Duration window) {
        if (max < 1) {
            return new Use(false, 0, clock.instant().plus(window));
        }
        ItemKey key = Keys.limit(counter);
        // each lost race means another taker's write went through, so max + 2 attempts reach the cap
        ConflictRetries retries = ConflictRetries.of("allowance counter", max + 2);
        while (retries.next()) {
            Optional<Item> found = store.get(key);
            try {
                if (found.isEmpty()) {
                    Instant renewsAt = clock.instant().plus(window);
                    Item stored = store.putIfAbsent(new Item(key, Map.of(COUNT, "1"), 0, renewsAt, null));
                    return new Use(true, max - 1, stored.expiresAt());
                }
                Item item = found.get();
                int count = Integer.parseInt(item.get(COUNT));
                if (count >= max) {
                    return new Use(false, 0, item.expiresAt());
                }
                store.replace(item.withAttributes(Map.of(COUNT, Integer.toString(count + 1))));
                return new Use(true, max - count - 1, item.expiresAt());
            } catch (ConditionFailedException concurrentUse) {
                // read again and decide again
            }
        }
        throw retries.exhausted();
    }
}
