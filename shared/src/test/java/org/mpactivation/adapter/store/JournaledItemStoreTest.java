package org.mpactivation.adapter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemStore;

/**
 * The store contract on the journaled store, each test on a journal of its own. After each test the
 * store is closed and reopened from its journal, which must give back every live item as it was.
 */
class JournaledItemStoreTest extends ItemStoreContract {

    @TempDir
    Path directory;

    private JournaledItemStore journaled;

    @Override
    protected ItemStore store(MutableClock clock) {
        journaled = JournaledItemStore.open(directory.resolve("store.journal"), clock);
        return journaled;
    }

    @AfterEach
    void reopenGivesBackTheSameItems() {
        List<Item> before = journaled.scan();
        journaled.close();
        try (JournaledItemStore reopened = JournaledItemStore.open(journaled.file(), clock)) {
            assertEquals(before, reopened.scan());
        }
    }
}
