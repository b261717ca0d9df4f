package org.mpactivation.port.out.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The one store of the product: a table of items addressed by {@link ItemKey}, where every write
 * that guards something is a single-item conditional write. Multi-item invariants are built on top
 * of it as sagas of idempotent steps (see the use cases), never as transactions.
 *
 * <p>Two batch calls serve a request that knows several keys up front: {@link #getAll} reads them
 * together, {@link #putAll} writes items that need no condition together. Each is one round trip
 * (one DynamoDB call, retried inside for what the service left unprocessed). Only items whose
 * content a retry writes again identically may go through {@link #putAll} (audit entries with
 * stable keys, write-once facts keyed by the saga): anything guarding uniqueness, a version or a
 * count stays a conditional single-item write.
 *
 * <p>Reads through {@link #get}, {@link #getAll} and {@link #query} are strongly consistent;
 * {@link #queryIndex} is eventually consistent. Expired items (expiry at or before now) are invisible to reads and count
 * as absent for writes.
 */
public interface ItemStore {

    /** The live item with this key, if any. */
    Optional<Item> get(ItemKey key);

    /** The most keys {@link #getAll} takes in one call (DynamoDB's BatchGetItem limit). */
    int MAX_BATCH_GET = 100;

    /** The most items {@link #putAll} takes in one call (DynamoDB's BatchWriteItem limit). */
    int MAX_BATCH_PUT = 25;

    /**
     * The live items with these keys, read together in one call: a key with no live item is missing
     * from the answer.
     *
     * @param keys at most {@link #MAX_BATCH_GET} distinct keys (none: an empty answer, no call)
     * @throws IllegalArgumentException for more keys, or a key given twice
     */
    Map<ItemKey, Item> getAll(Collection<ItemKey> keys);

    /**
     * Writes every item, without condition, at version 1, in one call: whatever was stored at its
     * key is overwritten. Not atomic: after a failure some items may be written and others not, so
     * a caller writes again what it wrote (which is why only items whose content a retry repeats
     * exactly may be written this way).
     *
     * @param items at most {@link #MAX_BATCH_PUT} items with distinct keys (none: no call)
     * @throws IllegalArgumentException for more items, or a key given twice
     */
    void putAll(Collection<Item> items);

    /**
     * Writes {@code item} at version 1 if no live item has its key (an expired one is overwritten);
     * the given item's version is ignored.
     *
     * @return the stored item (version 1)
     * @throws ConditionFailedException if a live item with that key exists
     */
    Item putIfAbsent(Item item);

    /**
     * Replaces the live item whose version equals {@code item.version()} with {@code item}'s
     * attributes, expiry and index key, at version {@code item.version() + 1}.
     *
     * @return the stored item (new version)
     * @throws ConditionFailedException if the item is absent, expired or at another version
     */
    Item replace(Item item);

    /**
     * Deletes the live item with this key if it is at {@code expectedVersion}.
     *
     * @throws ConditionFailedException if the item is absent, expired or at another version
     */
    void delete(ItemKey key, long expectedVersion);

    /**
     * The live items of partition {@code pk} whose sort key starts with {@code skPrefix} (empty:
     * all), in ascending sort-key order, at most {@code limit} per page (limit 1..1000).
     *
     * @param cursor null for the first page, else the previous page's {@code nextCursor}
     */
    Page query(String pk, String skPrefix, String cursor, int limit);

    /**
     * The live items whose index key has partition {@code indexPk} and sort key in
     * [{@code skFrom}, {@code skTo}] (inclusive, string order), ascending, paged like {@link #query}.
     */
    Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit);
}
