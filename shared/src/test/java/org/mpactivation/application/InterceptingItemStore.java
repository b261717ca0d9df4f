package org.mpactivation.application;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;

/**
 * Interference a test chooses, on keys that match: something that happens just before the first
 * read or write of one (another process's work, time passing), or a concurrent writer that wins every
 * conditional replace. Past {@link #MAX_CONFLICTS} forced conflicts it fails the test: a retry loop
 * that never gives up would otherwise spin forever.
 */
public final class InterceptingItemStore extends ForwardingItemStore {

    public static final int MAX_CONFLICTS = 1_000;

    private volatile Predicate<ItemKey> beforeWriteOf = key -> false;
    private volatile Runnable beforeWrite = () -> { };
    private volatile Predicate<ItemKey> beforeReadOf = key -> false;
    private volatile Runnable beforeRead = () -> { };
    private volatile Predicate<ItemKey> conflictOn = key -> false;
    private final AtomicInteger conflicts = new AtomicInteger();

    public InterceptingItemStore(ItemStore delegate) {
        super(delegate);
    }

    /** Runs {@code action} once, just before the first read of a matching key. */
    public void beforeFirstRead(Predicate<ItemKey> keys, Runnable action) {
        beforeRead = action;
        beforeReadOf = keys;
    }

    /** Runs {@code action} once, just before the first write of a matching key. */
    public void beforeFirstWrite(Predicate<ItemKey> keys, Runnable action) {
        beforeWrite = action;
        beforeWriteOf = keys;
    }

    /** Every replace of a matching key fails as if another writer had changed the item. */
    public void conflictOnReplace(Predicate<ItemKey> keys) {
        conflictOn = keys;
    }

    public int conflicts() {
        return conflicts.get();
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        if (beforeReadOf.test(key)) {
            Runnable action = beforeRead;
            beforeReadOf = k -> false;
            action.run();
        }
        return delegate.get(key);
    }

    @Override
    public Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        for (ItemKey key : keys) {
            if (beforeReadOf.test(key)) {
                Runnable action = beforeRead;
                beforeReadOf = k -> false;
                action.run();
            }
        }
        return delegate.getAll(keys);
    }

    @Override
    public void putAll(Collection<Item> items) {
        items.forEach(item -> intercept(item.key()));
        delegate.putAll(items);
    }

    @Override
    public Item putIfAbsent(Item item) {
        intercept(item.key());
        return delegate.putIfAbsent(item);
    }

    @Override
    public Item replace(Item item) {
        intercept(item.key());
        if (conflictOn.test(item.key())) {
            if (conflicts.incrementAndGet() > MAX_CONFLICTS) {
                throw new AssertionError("a retry loop kept writing " + item.key() + " after "
                        + MAX_CONFLICTS + " conflicts");
            }
            throw new ConditionFailedException(item.key(), null);
        }
        return delegate.replace(item);
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        intercept(key);
        delegate.delete(key, expectedVersion);
    }

    private void intercept(ItemKey key) {
        if (beforeWriteOf.test(key)) {
            Runnable action = beforeWrite;
            beforeWriteOf = k -> false;
            action.run();
        }
    }
}
