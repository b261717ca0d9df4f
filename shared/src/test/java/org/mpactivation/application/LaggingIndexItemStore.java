package org.mpactivation.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * A secondary index that lags behind the table, as a DynamoDB global secondary index may: an item
 * written less than {@link #lag(Duration) lag} ago (by the clock) is not yet seen by
 * {@link #queryIndex}. Table reads stay strongly consistent. The lag is zero until a test sets it.
 */
public final class LaggingIndexItemStore extends ForwardingItemStore {

    private final Clock clock;
    private final Map<ItemKey, Instant> writtenAt = new ConcurrentHashMap<>();
    private volatile Duration lag = Duration.ZERO;

    public LaggingIndexItemStore(ItemStore delegate, Clock clock) {
        super(delegate);
        this.clock = clock;
    }

    public void lag(Duration newLag) {
        lag = newLag;
    }

    @Override
    public void putAll(Collection<Item> items) {
        delegate.putAll(items);
        items.forEach(item -> writtenAt.put(item.key(), clock.instant()));
    }

    @Override
    public Item putIfAbsent(Item item) {
        Item stored = delegate.putIfAbsent(item);
        writtenAt.put(item.key(), clock.instant());
        return stored;
    }

    @Override
    public Item replace(Item item) {
        Item stored = delegate.replace(item);
        writtenAt.put(item.key(), clock.instant());
        return stored;
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        Page page = delegate.queryIndex(indexPk, skFrom, skTo, cursor, limit);
        Instant visibleBefore = clock.instant().minus(lag);
        return new Page(page.items().stream()
                .filter(item -> !writtenAt.getOrDefault(item.key(), Instant.MIN).isAfter(visibleBefore))
                .toList(), page.nextCursor());
    }
}
