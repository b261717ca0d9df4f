package org.mpactivation.application;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;

/**
 * Remembers the key of every write it passes on, so that a test can take a snapshot of all items
 * the code under test touched (the store port has no scan).
 */
public final class RecordingItemStore extends ForwardingItemStore {

    private final Set<ItemKey> written = ConcurrentHashMap.newKeySet();

    public RecordingItemStore(ItemStore delegate) {
        super(delegate);
    }

    /** Every live item ever written through this store, by {@code pk|sk}, in key order. */
    public Map<String, Item> snapshot() {
        Map<String, Item> items = new TreeMap<>();
        for (ItemKey key : written) {
            delegate.get(key).ifPresent(item -> items.put(key.toString(), item));
        }
        return items;
    }

    /** The live items whose partition key starts with {@code pkPrefix} and whose sort key is {@code sk}. */
    public Map<String, Item> items(String pkPrefix, String sk) {
        Map<String, Item> items = new TreeMap<>(snapshot());
        items.values().removeIf(item -> !item.key().pk().startsWith(pkPrefix) || !item.key().sk().equals(sk));
        return items;
    }

    @Override
    public void putAll(Collection<Item> items) {
        items.forEach(item -> written.add(item.key()));
        delegate.putAll(items);
    }

    @Override
    public Item putIfAbsent(Item item) {
        written.add(item.key());
        return delegate.putIfAbsent(item);
    }

    @Override
    public Item replace(Item item) {
        written.add(item.key());
        return delegate.replace(item);
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        written.add(key);
        delegate.delete(key, expectedVersion);
    }

}
