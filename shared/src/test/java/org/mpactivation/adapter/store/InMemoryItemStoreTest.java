package org.mpactivation.adapter.store;

import org.mpactivation.port.out.store.ItemStore;

/** The store contract on the in-memory store. */
class InMemoryItemStoreTest extends ItemStoreContract {

    @Override
    protected ItemStore store(MutableClock clock) {
        return new InMemoryItemStore(clock);
    }
}
