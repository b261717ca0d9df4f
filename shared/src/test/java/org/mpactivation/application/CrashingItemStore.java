package org.mpactivation.application;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * Fails one chosen write, once, the way a process that dies mid-saga looks to the next attempt:
 * either the write never reached the store, or it was applied and the answer was lost.
 */
public final class CrashingItemStore extends ForwardingItemStore {

    /** Whether the failing write was applied before the failure. */
    public enum Crash { BEFORE_WRITE, AFTER_WRITE }

    private final AtomicInteger writesUntilCrash = new AtomicInteger(-1);
    private volatile Crash crash;
    private volatile ItemKey crashedAt;

    public CrashingItemStore(ItemStore delegate) {
        super(delegate);
    }

    /** Makes the {@code n}-th write from now (1 = the next one) fail once. */
    public void crashOnWrite(int n, Crash how) {
        crash = how;
        crashedAt = null;
        writesUntilCrash.set(n);
    }

    /** The key of the write that failed, if the armed crash happened. */
    public Optional<ItemKey> crashedAt() {
        return Optional.ofNullable(crashedAt);
    }

    /** A batch put is one write: it fails whole, applied (all of it) or not. */
    @Override
    public void putAll(Collection<Item> items) {
        if (items.isEmpty()) {
            delegate.putAll(items);
            return;
        }
        write(items.iterator().next().key(), () -> {
            delegate.putAll(items);
            return null;
        });
    }

    @Override
    public Item putIfAbsent(Item item) {
        return write(item.key(), () -> delegate.putIfAbsent(item));
    }

    @Override
    public Item replace(Item item) {
        return write(item.key(), () -> delegate.replace(item));
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        write(key, () -> {
            delegate.delete(key, expectedVersion);
            return null;
        });
    }

    private Item write(ItemKey key, Supplier<Item> call) {
        if (writesUntilCrash.get() <= 0 || writesUntilCrash.decrementAndGet() != 0) {
            return call.get();
        }
        crashedAt = key;
        if (crash == Crash.AFTER_WRITE) {
            call.get();
        }
        throw new StoreUnavailableException("injected crash at " + key, null);
    }
}
