package org.mpactivation.adapter.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.mpactivation.port.out.store.BatchArguments;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.port.out.store.ReadScope;

/**
 * An {@link ItemStore} that, within one request ({@link #within}), remembers what it read and wrote:
 * a key read before (alone, or in a batch read ahead with {@link #getAll}) is answered from memory,
 * and so is a key this request wrote (the stored item is what a read right after would see).
 *
 * <p>Why that keeps every guarantee: an answer from memory is what the store said a few milliseconds
 * earlier in the same request, which is an order of events that could have happened anyway; every
 * decision that matters is made by a conditional write, which the store still checks. A write that
 * fails (a lost race, an error) forgets the key, so the read-again-and-decide-again loops read the
 * store again. Queries are never answered from memory. Outside a request the store passes every call on.
 *
 * <p>The memory belongs to the request's thread and is dropped when the request ends.
 */
public final class ReadAheadItemStore implements ItemStore, ReadScope {

    private final ItemStore delegate;
    private final Clock clock;
    private final ThreadLocal<Map<ItemKey, Optional<Item>>> known = new ThreadLocal<>();

    /** @param clock the store's clock: an item remembered until its expiry is absent from then on */
    public ReadAheadItemStore(ItemStore delegate, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public <T> T within(Supplier<T> request) {
        if (known.get() != null) {
            return request.get();
        }
        known.set(new HashMap<>());
        try {
            return request.get();
        } finally {
            known.remove();
        }
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        Map<ItemKey, Optional<Item>> memory = known.get();
        if (memory == null) {
            return delegate.get(key);
        }
        Optional<Item> remembered = memory.get(key);
        if (remembered != null) {
            return remembered.filter(this::live);
        }
        Optional<Item> read = delegate.get(key);
        memory.put(key, read);
        return read;
    }

    /** Reads the keys not known yet in one call; within a request, later reads of them are free. */
    @Override
    public Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        Map<ItemKey, Optional<Item>> memory = known.get();
        if (memory == null) {
            return delegate.getAll(keys);
        }
        BatchArguments.checkGet(keys);
        List<ItemKey> unknown = new ArrayList<>();
        for (ItemKey key : keys) {
            if (!memory.containsKey(key)) {
                unknown.add(key);
            }
        }
        Map<ItemKey, Item> read = delegate.getAll(unknown);
        unknown.forEach(key -> memory.put(key, Optional.ofNullable(read.get(key))));
        Map<ItemKey, Item> found = new HashMap<>();
        keys.forEach(key -> memory.get(key).filter(this::live).ifPresent(item -> found.put(key, item)));
        return found;
    }

    @Override
    public void putAll(Collection<Item> items) {
        forget(items.stream().map(Item::key).toList());
        delegate.putAll(items);
    }

    @Override
    public Item putIfAbsent(Item item) {
        return remember(item.key(), () -> delegate.putIfAbsent(item));
    }

    @Override
    public Item replace(Item item) {
        return remember(item.key(), () -> delegate.replace(item));
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        forget(List.of(key));
        delegate.delete(key, expectedVersion);
        Map<ItemKey, Optional<Item>> memory = known.get();
        if (memory != null) {
            memory.put(key, Optional.empty());
        }
    }

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        return delegate.query(pk, skPrefix, cursor, limit);
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        return delegate.queryIndex(indexPk, skFrom, skTo, cursor, limit);
    }

    private boolean live(Item item) {
        return item.expiresAt() == null || item.expiresAt().isAfter(clock.instant());
    }

    private Item remember(ItemKey key, Supplier<Item> write) {
        forget(List.of(key));
        Item stored = write.get();
        Map<ItemKey, Optional<Item>> memory = known.get();
        if (memory != null) {
            memory.put(key, Optional.of(stored));
        }
        return stored;
    }

    private void forget(Collection<ItemKey> keys) {
        Map<ItemKey, Optional<Item>> memory = known.get();
        if (memory != null) {
            keys.forEach(memory::remove);
        }
    }
}
