package org.mpactivation.application;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;

/**
 * Kills the "process" at one chosen write: unlike {@link CrashingItemStore}, whose store error the
 * code under test may catch and carry on from, this throws an {@link Error} that nothing catches,
 * so the run stops right there, as a Lambda that times out or runs out of memory does.
 */
public final class DyingItemStore extends ForwardingItemStore {

    /** The simulated death of the process. */
    public static final class ProcessDied extends Error {
        ProcessDied(ItemKey key) {
            super("the process died at the write of " + key);
        }
    }

    private final AtomicInteger writesUntilDeath = new AtomicInteger(-1);
    private volatile CrashingItemStore.Crash how = CrashingItemStore.Crash.BEFORE_WRITE;

    public DyingItemStore(ItemStore delegate) {
        super(delegate);
    }

    /** The {@code n}-th write from now (1 = the next one) kills the process, once. */
    public void dieOnWrite(int n, CrashingItemStore.Crash crash) {
        how = crash;
        writesUntilDeath.set(n);
    }

    /** A batch put is one write: the process dies before or after all of it. */
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
        if (writesUntilDeath.get() <= 0 || writesUntilDeath.decrementAndGet() != 0) {
            return call.get();
        }
        if (how == CrashingItemStore.Crash.AFTER_WRITE) {
            call.get();
        }
        throw new ProcessDied(key);
    }
}
