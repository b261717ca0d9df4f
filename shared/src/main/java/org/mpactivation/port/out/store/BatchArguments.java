package org.mpactivation.port.out.store;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** The checks every {@link ItemStore} makes on the arguments of its batch calls, the same way. */
public final class BatchArguments {

    private BatchArguments() {
    }

    /** Refuses more keys than a batch get takes, or a key named twice. */
    public static void checkGet(Collection<ItemKey> keys) {
        if (keys.size() > ItemStore.MAX_BATCH_GET) {
            throw new IllegalArgumentException("a batch get takes at most " + ItemStore.MAX_BATCH_GET + " keys");
        }
        requireDistinct(keys);
    }

    /** Refuses more items than a batch put takes, or two items with one key. */
    public static void checkPut(Collection<Item> items) {
        if (items.size() > ItemStore.MAX_BATCH_PUT) {
            throw new IllegalArgumentException("a batch put takes at most " + ItemStore.MAX_BATCH_PUT + " items");
        }
        requireDistinct(items.stream().map(Item::key).toList());
    }

    private static void requireDistinct(Collection<ItemKey> keys) {
        Set<ItemKey> seen = new HashSet<>();
        for (ItemKey key : keys) {
            if (!seen.add(key)) {
                throw new IllegalArgumentException("a batch names key " + key + " twice");
            }
        }
    }
}
