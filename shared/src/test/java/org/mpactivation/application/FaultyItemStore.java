package org.mpactivation.application;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.mpactivation.adapter.aws.AwsClientException;
import org.mpactivation.adapter.aws.AwsServiceException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * Fails store calls the way DynamoDB does when it is slow or full, as the DynamoDB adapter reports it:
 * a timeout or a throttling error, both a {@link StoreUnavailableException}. It counts every call (reads
 * and writes), so a test can run a clean pass, learn how many calls a step makes, and then fail each
 * call index in turn ({@link #failCall}); or it can refuse everything while it is {@link #busy}.
 * Unlike {@link CrashingItemStore} (writes only, the write possibly applied), a failed call here never
 * reached the table.
 */
public final class FaultyItemStore extends ForwardingItemStore {

    /** How the table fails the call. */
    public enum Fault {
        TIMEOUT, THROTTLED;

        StoreUnavailableException exception(String call) {
            return this == TIMEOUT
                    ? new StoreUnavailableException("the table could not be reached (" + call + ")",
                            new AwsClientException("no answer", new SocketTimeoutException("Read timed out")))
                    : new StoreUnavailableException("the table refused the call for capacity (" + call + ")",
                            new AwsServiceException(400, "ProvisionedThroughputExceededException", "Rate exceeded",
                                    null));
        }
    }

    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> log = new ArrayList<>();
    private volatile int failAt = -1;
    private volatile Fault fault = Fault.TIMEOUT;
    private volatile Fault busy;
    private volatile String failedCall;

    public FaultyItemStore(ItemStore delegate) {
        super(delegate);
    }

    /** Fails the {@code index}-th call from now (0 = the next one), once. */
    public synchronized void failCall(int index, Fault how) {
        fault = how;
        failedCall = null;
        calls.set(0);
        log.clear();
        failAt = index;
    }

    /** Every call fails with {@code how} until {@code busy(null)}. */
    public void busy(Fault how) {
        busy = how;
    }

    /** Starts counting from zero and forgets an armed failure. */
    public synchronized void reset() {
        calls.set(0);
        log.clear();
        failAt = -1;
        failedCall = null;
    }

    /** Calls since the last reset or arming. */
    public int calls() {
        return calls.get();
    }

    /** The calls since the last reset or arming, as {@code operation key}, in order. */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** The call that the armed failure hit, if it happened. */
    public Optional<String> failedCall() {
        return Optional.ofNullable(failedCall);
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        return call("get " + key, () -> delegate.get(key));
    }

    @Override
    public Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        return call("getAll " + keys, () -> delegate.getAll(keys));
    }

    @Override
    public void putAll(Collection<Item> items) {
        call("putAll " + items.stream().map(Item::key).toList(), () -> {
            delegate.putAll(items);
            return null;
        });
    }

    @Override
    public Item putIfAbsent(Item item) {
        return call("putIfAbsent " + item.key(), () -> delegate.putIfAbsent(item));
    }

    @Override
    public Item replace(Item item) {
        return call("replace " + item.key(), () -> delegate.replace(item));
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        call("delete " + key, () -> {
            delegate.delete(key, expectedVersion);
            return null;
        });
    }

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        return call("query " + pk + "|" + skPrefix, () -> delegate.query(pk, skPrefix, cursor, limit));
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        return call("queryIndex " + indexPk, () -> delegate.queryIndex(indexPk, skFrom, skTo, cursor, limit));
    }

    private <T> T call(String description, Supplier<T> call) {
        Fault everything = busy;
        if (everything != null) {
            throw everything.exception(description);
        }
        int index;
        synchronized (this) {
            index = calls.getAndIncrement();
            log.add(description);
            if (index == failAt) {
                failAt = -1;
                failedCall = description;
                throw fault.exception(description);
            }
        }
        return call.get();
    }
}
