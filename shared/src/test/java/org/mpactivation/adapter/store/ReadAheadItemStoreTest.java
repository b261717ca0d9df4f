package org.mpactivation.adapter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;

class ReadAheadItemStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryItemStore memory = new InMemoryItemStore(clock);
    private final CountingItemStore counted = new CountingItemStore(memory);
    private final ReadAheadItemStore store = new ReadAheadItemStore(counted, clock);
    private final ItemKey key = new ItemKey("p", "a");
    private final ItemKey other = new ItemKey("p", "b");

    @Test
    void givenNoScope_thenEveryReadGoesToTheStore() {
        memory.putIfAbsent(Item.of(key, Map.of("n", "1")));

        store.get(key);
        store.get(key);

        assertEquals(2, counted.reads());
    }

    @Test
    void givenKeysReadAhead_thenTheirReadsInTheSameRequestAreFree_andTheNextRequestReadsAgain() {
        memory.putIfAbsent(Item.of(key, Map.of("n", "1")));

        store.within(() -> {
            store.getAll(List.of(key, other));
            assertEquals("1", store.get(key).orElseThrow().get("n"));
            assertTrue(store.get(other).isEmpty(), "an absent item is known as absent");
            return null;
        });
        assertEquals(1, counted.reads());

        store.within(() -> store.get(key));
        assertEquals(2, counted.reads());
    }

    @Test
    void givenAWriteThatSucceeded_thenTheStoredItemIsKnownWithoutARead() {
        store.within(() -> {
            Item stored = store.putIfAbsent(Item.of(key, Map.of("n", "1")));
            Item replaced = store.replace(stored.withAttributes(Map.of("n", "2")));
            assertEquals(replaced, store.get(key).orElseThrow());
            return null;
        });

        assertEquals(0, counted.reads());
    }

    @Test
    void givenAWriteThatLostARace_thenTheKeyIsReadFromTheStoreAgain() {
        Item stored = memory.putIfAbsent(Item.of(key, Map.of("n", "1")));

        store.within(() -> {
            Item seen = store.get(key).orElseThrow();
            memory.replace(stored.withAttributes(Map.of("n", "by another request")));
            assertThrows(ConditionFailedException.class, () -> store.replace(seen.withAttributes(Map.of("n", "2"))));
            assertEquals("by another request", store.get(key).orElseThrow().get("n"));
            return null;
        });

        assertEquals(2, counted.reads());
    }

    @Test
    void givenARememberedItemThatExpires_thenItIsAbsentFromThen() {
        memory.putIfAbsent(Item.of(key, Map.of()).withExpiry(clock.instant().plusSeconds(10)));

        store.within(() -> {
            assertTrue(store.get(key).isPresent());
            clock.advance(Duration.ofSeconds(10));
            assertTrue(store.get(key).isEmpty());
            assertTrue(store.getAll(List.of(key)).isEmpty());
            return null;
        });
    }

    @Test
    void givenABatchPutOrADelete_thenTheKeysAreNotAnsweredFromAnEarlierRead() {
        Item stored = memory.putIfAbsent(Item.of(key, Map.of("n", "1")));

        store.within(() -> {
            store.getAll(List.of(key, other));
            store.putAll(List.of(Item.of(other, Map.of("n", "batch"))));
            assertEquals("batch", store.get(other).orElseThrow().get("n"));
            store.delete(key, stored.version());
            assertTrue(store.get(key).isEmpty());
            return null;
        });
    }
}
