package org.mpactivation.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** An {@link ItemStore} that adds up the wall-clock time its delegate takes, failed calls included. */
final class TimedItemStore implements ItemStore {

    private final ItemStore delegate;
    private final LongAdder nanos = new LongAdder();

    TimedItemStore(ItemStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    long nanos() {
        return nanos.sum();
    }

    void reset() {
        nanos.reset();
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        return timed(() -> delegate.get(key));
    }

    @Override
    public Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        return timed(() -> delegate.getAll(keys));
    }

    @Override
    public void putAll(Collection<Item> items) {
        timed(() -> {
            delegate.putAll(items);
            return null;
        });
    }

    @Override
    public Item putIfAbsent(Item item) {
        return timed(() -> delegate.putIfAbsent(item));
    }

    @Override
    public Item replace(Item item) {
        return timed(() -> delegate.replace(item));
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        timed(() -> {
            delegate.delete(key, expectedVersion);
            return null;
        });
    }

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        return timed(() -> delegate.query(pk, skPrefix, cursor, limit));
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        return timed(() -> delegate.queryIndex(indexPk, skFrom, skTo, cursor, limit));
    }

    private <T> T timed(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }
}
