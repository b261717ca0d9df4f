package org.mpactivation.adapter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.CountingItemStore.Operation;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;

class CountingItemStoreTest {

    private final CountingItemStore store = new CountingItemStore(new InMemoryItemStore(new MutableClock(Instant.now())));

    @Test
    void givenCallsOfEveryKind_thenEachIsCountedAsReadOrWrite() {
        ItemKey key = new ItemKey("p", "s");
        Item item = store.putIfAbsent(Item.of(key, Map.of()).withIndex(new IndexKey("due", "1")));
        store.get(key);
        store.get(key);
        Item replaced = store.replace(item);
        store.query("p", "", null, 10);
        store.queryIndex("due", "0", "9", null, 10);
        store.delete(key, replaced.version());

        assertEquals(1, store.count(Operation.PUT_IF_ABSENT));
        assertEquals(2, store.count(Operation.GET));
        assertEquals(1, store.count(Operation.REPLACE));
        assertEquals(1, store.count(Operation.QUERY));
        assertEquals(1, store.count(Operation.QUERY_INDEX));
        assertEquals(1, store.count(Operation.DELETE));
        assertEquals(4, store.reads());
        assertEquals(3, store.writes());
        assertEquals(2L, store.counts().get(Operation.GET));
    }

    @Test
    void givenBatches_thenEachCountsAsOneCallHoweverManyItems_andAnEmptyOneAsNone() {
        ItemKey first = new ItemKey("p", "1");
        ItemKey second = new ItemKey("p", "2");

        store.putAll(List.of(Item.of(first, Map.of()), Item.of(second, Map.of())));
        store.getAll(List.of(first, second, new ItemKey("p", "3")));
        store.putAll(List.of());
        store.getAll(List.of());

        assertEquals(1, store.count(Operation.PUT_ALL));
        assertEquals(1, store.count(Operation.GET_ALL));
        assertEquals(1, store.reads());
        assertEquals(1, store.writes());
    }

    @Test
    void givenFailedConditionalWrite_thenItCountsAsACall() {
        ItemKey key = new ItemKey("p", "s");
        store.putIfAbsent(Item.of(key, Map.of()));

        assertThrows(ConditionFailedException.class, () -> store.putIfAbsent(Item.of(key, Map.of())));

        assertEquals(2, store.count(Operation.PUT_IF_ABSENT));
        assertEquals(2, store.writes());
    }

    @Test
    void givenReset_thenAllCountsAreZero() {
        store.putIfAbsent(Item.of(new ItemKey("p", "s"), Map.of()));
        store.get(new ItemKey("p", "s"));

        store.reset();

        assertEquals(0, store.reads());
        assertEquals(0, store.writes());
        store.counts().values().forEach(count -> assertEquals(0L, count));
    }
}
