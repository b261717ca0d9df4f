package org.mpactivation.local.operator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** A store that remembers the keys written through it, so a test can list all its items. */
final class ScannableItemStore implements ItemStore {

    private final ItemStore delegate;
    private final Set<ItemKey> keys = ConcurrentHashMap.newKeySet();

    ScannableItemStore(ItemStore delegate) {
        this.delegate = delegate;
    }

    /** Every live item written through this store. */
    List<Item> scan() {
        List<Item> items = new ArrayList<>();
        for (ItemKey key : keys) {
            delegate.get(key).ifPresent(items::add);
        }
        return items;
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
        items.forEach(item -> keys.add(item.key()));
    }

    @Override
    public Item putIfAbsent(Item item) {
        Item stored = delegate.putIfAbsent(item);
        keys.add(item.key());
        return stored;
    }

    @Override
    public Item replace(Item item) {
        Item stored = delegate.replace(item);
        keys.add(item.key());
        return stored;
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        delegate.delete(key, expectedVersion);
        keys.remove(key);
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
