package org.mpactivation.adapter.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.mpactivation.port.out.store.BatchArguments;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * An {@link ItemStore} in this process's memory, for fast tests and the local default. It keeps the
 * DynamoDB store's semantics (conditions, expiry against its clock, key order, cursors, the
 * index), passes the same contract suite, and is safe for concurrent use. Its index is consistent
 * at once, which the DynamoDB one is not.
 */
public final class InMemoryItemStore implements ItemStore {

    private static final Comparator<TableKey> TABLE_ORDER = Comparator
            .comparing(TableKey::pk, SortKeyOrder.CODE_POINTS)
            .thenComparing(TableKey::sk, SortKeyOrder.CODE_POINTS);
    private static final Comparator<IndexEntry> INDEX_ORDER = Comparator
            .comparing(IndexEntry::indexPk, SortKeyOrder.CODE_POINTS)
            .thenComparing(IndexEntry::indexSk, SortKeyOrder.CODE_POINTS)
            .thenComparing(IndexEntry::pk, SortKeyOrder.CODE_POINTS)
            .thenComparing(IndexEntry::sk, SortKeyOrder.CODE_POINTS);

    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final NavigableMap<TableKey, Item> items = new TreeMap<>(TABLE_ORDER);
    private final NavigableMap<IndexEntry, Item> index = new TreeMap<>(INDEX_ORDER);

    public InMemoryItemStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(items.get(TableKey.of(key))).filter(this::isLive);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        BatchArguments.checkGet(keys);
        Map<ItemKey, Item> found = new HashMap<>();
        lock.readLock().lock();
        try {
            for (ItemKey key : keys) {
                Optional.ofNullable(items.get(TableKey.of(key))).filter(this::isLive).ifPresent(item -> found.put(key, item));
            }
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void putAll(Collection<Item> batch) {
        BatchArguments.checkPut(batch);
        List<Item> stored = batch.stream()
                .map(item -> new Item(item.key(), item.attributes(), 1, item.expiresAt(), item.index())).toList();
        stored.forEach(ItemLimits::checkWritable);
        lock.writeLock().lock();
        try {
            for (Item item : stored) {
                write(items.get(TableKey.of(item.key())), item);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Item putIfAbsent(Item item) {
        Item stored = new Item(item.key(), item.attributes(), 1, item.expiresAt(), item.index());
        ItemLimits.checkWritable(stored);
        lock.writeLock().lock();
        try {
            Item existing = items.get(TableKey.of(item.key()));
            if (existing != null && isLive(existing)) {
                throw new ConditionFailedException(item.key(), null);
            }
            write(existing, stored);
            return stored;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Item replace(Item item) {
        Item stored = new Item(item.key(), item.attributes(), item.version() + 1, item.expiresAt(),
                item.index());
        ItemLimits.checkWritable(stored);
        lock.writeLock().lock();
        try {
            Item existing = requireLiveAt(item.key(), item.version());
            write(existing, stored);
            return stored;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        lock.writeLock().lock();
        try {
            Item existing = requireLiveAt(key, expectedVersion);
            items.remove(TableKey.of(key));
            unindex(existing);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        QueryArguments.checkQuery(pk, skPrefix, limit);
        lock.readLock().lock();
        try {
            NavigableMap<TableKey, Item> tail;
            if (cursor == null) {
                tail = items.tailMap(new TableKey(pk, skPrefix), true);
            } else {
                List<String> parts = QueryArguments.tableCursor(cursor, pk, skPrefix);
                tail = items.tailMap(new TableKey(parts.get(0), parts.get(1)), false);
            }
            Predicate<TableKey> inRange = key -> key.pk().equals(pk) && key.sk().startsWith(skPrefix);
            return page(tail, inRange, limit,
                    last -> StoreCursor.encode(StoreCursor.Kind.TABLE, List.of(last.key().pk(), last.key().sk())));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        QueryArguments.checkIndexQuery(indexPk, skFrom, skTo, limit);
        if (QueryArguments.isEmptyRange(skFrom, skTo)) {
            return new Page(List.of(), null);
        }
        lock.readLock().lock();
        try {
            NavigableMap<IndexEntry, Item> tail;
            if (cursor == null) {
                tail = index.tailMap(new IndexEntry(indexPk, skFrom, "", ""), true);
            } else {
                List<String> parts = QueryArguments.indexCursor(cursor, indexPk, skFrom, skTo);
                tail = index.tailMap(new IndexEntry(parts.get(0), parts.get(1), parts.get(2), parts.get(3)), false);
            }
            Predicate<IndexEntry> inRange = entry -> entry.indexPk().equals(indexPk)
                    && SortKeyOrder.compare(entry.indexSk(), skTo) <= 0;
            return page(tail, inRange, limit, last -> StoreCursor.encode(StoreCursor.Kind.INDEX, List.of(
                    last.index().pk(), last.index().sk(), last.key().pk(), last.key().sk())));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every live item, in key order (partition key, then sort key, by code point). */
    List<Item> liveItems() {
        lock.readLock().lock();
        try {
            return items.values().stream().filter(this::isLive).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Sets what is stored under {@code key} as it is, without conditions: {@code item} (any version,
     * even expired), or nothing if null. For {@link JournaledItemStore}, which rebuilds this store
     * from its journal and takes back a write it could not journal.
     */
    void restore(ItemKey key, Item item) {
        if (item != null && !item.key().equals(key)) {
            throw new IllegalArgumentException("item " + item.key() + " restored under " + key);
        }
        lock.writeLock().lock();
        try {
            Item previous = items.remove(TableKey.of(key));
            if (previous != null) {
                unindex(previous);
            }
            if (item != null) {
                write(null, item);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Up to {@code limit} live items from the start of {@code tail} while they are in range. */
    private <K> Page page(NavigableMap<K, Item> tail, Predicate<K> inRange, int limit,
                          Function<Item, String> cursorAfter) {
        List<Item> page = new ArrayList<>(limit);
        Iterator<Map.Entry<K, Item>> entries = tail.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<K, Item> entry = entries.next();
            if (!inRange.test(entry.getKey())) {
                break;
            }
            if (!isLive(entry.getValue())) {
                continue;
            }
            if (page.size() == limit) {
                return new Page(page, cursorAfter.apply(page.get(page.size() - 1)));
            }
            page.add(entry.getValue());
        }
        return new Page(page, null);
    }

    private Item requireLiveAt(ItemKey key, long expectedVersion) {
        Item existing = items.get(TableKey.of(key));
        if (existing == null || !isLive(existing) || existing.version() != expectedVersion) {
            throw new ConditionFailedException(key, null);
        }
        return existing;
    }

    private void write(Item previous, Item stored) {
        if (previous != null) {
            unindex(previous);
        }
        items.put(TableKey.of(stored.key()), stored);
        if (stored.index() != null) {
            index.put(IndexEntry.of(stored), stored);
        }
    }

    private void unindex(Item item) {
        if (item.index() != null) {
            index.remove(IndexEntry.of(item));
        }
    }

    private boolean isLive(Item item) {
        return item.expiresAt() == null || item.expiresAt().isAfter(clock.instant());
    }

    /** A table position; unlike {@link ItemKey} its sort key may be empty (a query's start). */
    private record TableKey(String pk, String sk) {
        static TableKey of(ItemKey key) {
            return new TableKey(key.pk(), key.sk());
        }
    }

    /** An index position: index keys need not be unique, so the item key breaks ties. */
    private record IndexEntry(String indexPk, String indexSk, String pk, String sk) {
        static IndexEntry of(Item item) {
            return new IndexEntry(item.index().pk(), item.index().sk(), item.key().pk(), item.key().sk());
        }
    }
}
