package org.mpactivation.application;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * Kills the "process" at one chosen write: unlike {@link CrashingItemStore}, whose store error the
 * code under test may catch and carry on from, this throws an {@link Error} that nothing catches,
 * so the run stops right there, as a Lambda that times out or runs out of memory does.
 */
public final class DyingItemStore implements ItemStore {

    /** The simulated death of the process. */
    public static final class ProcessDied extends Error {
        ProcessDied(ItemKey key) {
            super("the process died at the write of " + key);
        }
    }

    private final ItemStore delegate;
    private final AtomicInteger writesUntilDeath = new AtomicInteger(-1);
    private volatile CrashingItemStore.Crash how = CrashingItemStore.Crash.BEFORE_WRITE;

    public DyingItemStore(ItemStore delegate) {
        this.delegate = delegate;
    }

    /** The {@code n}-th write from now (1 = the next one) kills the process, once. */
    public void dieOnWrite(int n, CrashingItemStore.Crash crash) {
        how = crash;
        writesUntilDeath.set(n);
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        return delegate.get(key);
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

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        return delegate.query(pk, skPrefix, cursor, limit);
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        return delegate.queryIndex(indexPk, skFrom, skTo, cursor, limit);
    }

    private Item write(ItemKey key, Supplier<Item> call) {
        if (writesUntilDeath.get() <= 0 || writesUntilDeath.decrementAndGet() != 0) {
            return call.get();
        }
        if (how == CrashingItemStore.Crash.AFTER_WRITE) {
            call.get();
        }
        throw new ProcessDied(key);
    }
}
