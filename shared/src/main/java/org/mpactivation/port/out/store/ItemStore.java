package org.mpactivation.port.out.store;

import java.util.Optional;

/**
 * The one store of the product: a table of items addressed by {@link ItemKey}, where every write is
 * a single-item conditional write. Multi-item invariants are built on top of it as sagas of
 * idempotent steps (see the use cases), never as transactions.
 *
 * <p>Reads through {@link #get} and {@link #query} are strongly consistent; {@link #queryIndex} is
 * eventually consistent. Expired items (expiry at or before now) are invisible to reads and count
 * as absent for writes.
 */
public interface ItemStore {

    /** The live item with this key, if any. */
    Optional<Item> get(ItemKey key);

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
