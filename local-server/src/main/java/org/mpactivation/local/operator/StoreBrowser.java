package org.mpactivation.local.operator;

import java.util.List;
import org.mpactivation.port.out.store.Item;

/**
 * Reads the whole table, a key prefix at a time: for the local operator view only. The store port
 * has no scan on purpose (production paths must not scan); an operator looking at a developer's
 * table may.
 */
public interface StoreBrowser {

    /**
     * The live items whose partition key starts with {@code pkPrefix} and whose sort key equals
     * {@code sk} (any sort key when {@code sk} is null), in key order.
     */
    List<Item> items(String pkPrefix, String sk);
}
