package org.mpactivation.adapter.store;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * An {@link ItemStore} that counts the calls it passes on, so tests and benchmarks can state how
 * many store round trips a path costs. A call counts when it is made, whether it succeeds or fails
 * (a failed conditional write costs a round trip too); each query page is one call, and so is each
 * batch get or batch put, however many items it carries (an empty batch makes no call).
 */
public final class CountingItemStore implements ItemStore {

    /** The store calls, each a read or a write. */
    public enum Operation {
        GET(false), GET_ALL(false), PUT_ALL(true), PUT_IF_ABSENT(true), REPLACE(true), DELETE(true), QUERY(false),
        QUERY_INDEX(false);

        private final boolean write;

        Operation(boolean write) {
            this.write = write;
        }

        public boolean isWrite() {
            return write;
        }
    }

    private final ItemStore delegate;
    private final Map<Operation, LongAdder> counts = new EnumMap<>(Operation.class);

    public CountingItemStore(ItemStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        for (Operation operation : Operation.values()) {
            counts.put(operation, new LongAdder());
        }
    }

    /** Calls of this operation since construction or the last {@link #reset}. */
    public long count(Operation operation) {
        return counts.get(operation).sum();
    }

    /** Calls of get, getAll, query and queryIndex. */
    public long reads() {
        return counts.entrySet().stream().filter(e -> !e.getKey().isWrite())
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** Calls of putAll, putIfAbsent, replace and delete. */
    public long writes() {
        return counts.entrySet().stream().filter(e -> e.getKey().isWrite())
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** A copy of every operation's count. */
    public Map<Operation, Long> counts() {
        Map<Operation, Long> copy = new EnumMap<>(Operation.class);
        counts.forEach((operation, count) -> copy.put(operation, count.sum()));
        return Collections.unmodifiableMap(copy);
    }

    /** Sets every count to zero (calls in flight meanwhile may or may not be counted). */
    public void reset() {
        counts.values().forEach(LongAdder::reset);
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        counts.get(Operation.GET).increment();
        return delegate.get(key);
    }

    @Override
    public Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        if (!keys.isEmpty()) {
            counts.get(Operation.GET_ALL).increment();
        }
        return delegate.getAll(keys);
    }

    @Override
    public void putAll(Collection<Item> items) {
        if (!items.isEmpty()) {
            counts.get(Operation.PUT_ALL).increment();
        }
        delegate.putAll(items);
    }

    @Override
    public Item putIfAbsent(Item item) {
        counts.get(Operation.PUT_IF_ABSENT).increment();
        return delegate.putIfAbsent(item);
    }

    @Override
    public Item replace(Item item) {
        counts.get(Operation.REPLACE).increment();
        return delegate.replace(item);
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        counts.get(Operation.DELETE).increment();
        delegate.delete(key, expectedVersion);
    }

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        counts.get(Operation.QUERY).increment();
        return delegate.query(pk, skPrefix, cursor, limit);
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        counts.get(Operation.QUERY_INDEX).increment();
        return delegate.queryIndex(indexPk, skFrom, skTo, cursor, limit);
    }

    @Override
    public String toString() {
        return "CountingItemStore" + counts();
    }
}
