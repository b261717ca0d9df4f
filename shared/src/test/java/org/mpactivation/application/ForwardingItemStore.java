package org.mpactivation.application;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** A store decorator that passes every call on: a test decorator overrides only the calls it changes. */
public abstract class ForwardingItemStore implements ItemStore {

    protected final ItemStore delegate;

    protected ForwardingItemStore(ItemStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        return delegate.get(key);
    }

    @Override
    public Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        return delegate.getAll(keys);
    }

    @Override
    public void putAll(Collection<Item> items) {
        delegate.putAll(items);
    }

    @Override
    public Item putIfAbsent(Item item) {
        return delegate.putIfAbsent(item);
    }

    @Override
    public Item replace(Item item) {
        return delegate.replace(item);
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        delegate.delete(key, expectedVersion);
    }

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        return delegate.query(pk, skPrefix, cursor, limit);
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        return delegate.queryIndex(indexPk, skFrom, skTo, cursor, limit);
    }
}
