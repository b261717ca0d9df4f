package org.mpactivation.adapter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * What every {@link ItemStore} must do. A runner supplies the store; each test works in partitions
 * and index partitions of its own, so runners may share one table across tests.
 *
 * <p>Index reads are eventually consistent on DynamoDB, so the index tests poll (bounded by
 * {@link #INDEX_SETTLE}) until the index shows what was written, and only then assert.
 */
public abstract class ItemStoreContract {

    private static final Duration INDEX_SETTLE = Duration.ofSeconds(15);

    protected MutableClock clock;
    protected ItemStore store;

    /** The store under test, judging expiry by {@code clock}. */
    protected abstract ItemStore store(MutableClock clock);

    @BeforeEach
    void createStore() {
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        store = store(clock);
    }

    // ---- put-if-absent, get ----

    @Test
    void givenNoItem_whenPutIfAbsent_thenGetReturnsItAtVersion1() {
        ItemKey key = new ItemKey(partition(), "account#1");
        Item written = store.putIfAbsent(Item.of(key, Map.of("name", "Ada", "plan", "pro")));

        assertEquals(1, written.version());
        Item read = store.get(key).orElseThrow();
        assertEquals(written, read);
        assertEquals(Map.of("name", "Ada", "plan", "pro"), read.attributes());
        assertNull(read.expiresAt());
        assertNull(read.index());
    }

    @Test
    void givenNoItem_whenGet_thenEmpty() {
        assertTrue(store.get(new ItemKey(partition(), "nothing")).isEmpty());
    }

    @Test
    void givenPutIfAbsentWithAnyVersion_thenStoredVersionIs1() {
        ItemKey key = new ItemKey(partition(), "s");
        Item written = store.putIfAbsent(new Item(key, Map.of(), 41, null, null));

        assertEquals(1, written.version());
        assertEquals(1, store.get(key).orElseThrow().version());
    }

    @Test
    void givenLiveItem_whenPutIfAbsentAgain_thenConditionFailsAndItemIsKept() {
        ItemKey key = new ItemKey(partition(), "guard#ada");
        store.putIfAbsent(Item.of(key, Map.of("owner", "first")));

        ConditionFailedException failure = assertThrows(ConditionFailedException.class,
                () -> store.putIfAbsent(Item.of(key, Map.of("owner", "second"))));

        assertEquals(key, failure.key());
        assertEquals("first", store.get(key).orElseThrow().get("owner"));
    }

    @Test
    void givenExpiryAndIndex_whenPutIfAbsent_thenBothRoundTripAtSecondPrecision() {
        ItemKey key = new ItemKey(partition(), "code");
        Instant expiry = clock.instant().plusSeconds(600).plusMillis(700);
        IndexKey indexKey = new IndexKey(indexPartition(), "2030-01-01T00:00:00Z");
        store.putIfAbsent(Item.of(key, Map.of("digits", "123456")).withExpiry(expiry).withIndex(indexKey));

        Item read = store.get(key).orElseThrow();
        assertEquals(expiry.truncatedTo(ChronoUnit.SECONDS), read.expiresAt());
        assertEquals(indexKey, read.index());
    }

    // ---- replace ----

    @Test
    void givenItem_whenReplacedAtItsVersion_thenNewVersionAndAllFieldsReplaced() {
        ItemKey key = new ItemKey(partition(), "session");
        Item first = store.putIfAbsent(Item.of(key, Map.of("step", "registered", "extra", "x"))
                .withExpiry(clock.instant().plusSeconds(60))
                .withIndex(new IndexKey(indexPartition(), "a")));

        Item second = store.replace(first.withAttributes(Map.of("step", "bound")).withExpiry(null).withIndex(null));

        assertEquals(2, second.version());
        Item read = store.get(key).orElseThrow();
        assertEquals(second, read);
        assertEquals(Map.of("step", "bound"), read.attributes());
        assertNull(read.expiresAt());
        assertNull(read.index());

        Item third = store.replace(read.withAttributes(Map.of("step", "done")));
        assertEquals(3, third.version());
        assertEquals("done", store.get(key).orElseThrow().get("step"));
    }

    @Test
    void givenItem_whenReplacedAtStaleVersion_thenConditionFailsAndItemIsKept() {
        ItemKey key = new ItemKey(partition(), "s");
        Item first = store.putIfAbsent(Item.of(key, Map.of("n", "1")));
        store.replace(first.withAttributes(Map.of("n", "2")));

        ConditionFailedException failure = assertThrows(ConditionFailedException.class,
                () -> store.replace(first.withAttributes(Map.of("n", "stale"))));

        assertEquals(key, failure.key());
        Item read = store.get(key).orElseThrow();
        assertEquals("2", read.get("n"));
        assertEquals(2, read.version());
    }

    @Test
    void givenNoItem_whenReplaced_thenConditionFails() {
        ItemKey key = new ItemKey(partition(), "s");
        assertThrows(ConditionFailedException.class,
                () -> store.replace(new Item(key, Map.of(), 1, null, null)));
        assertThrows(ConditionFailedException.class,
                () -> store.replace(new Item(key, Map.of(), 0, null, null)));
        assertTrue(store.get(key).isEmpty());
    }

    // ---- delete ----

    @Test
    void givenItem_whenDeletedAtItsVersion_thenItIsGoneAndTheKeyIsFreeAgain() {
        ItemKey key = new ItemKey(partition(), "s");
        Item first = store.putIfAbsent(Item.of(key, Map.of()));
        Item second = store.replace(first.withAttributes(Map.of("a", "b")));

        store.delete(key, second.version());

        assertTrue(store.get(key).isEmpty());
        assertEquals(1, store.putIfAbsent(Item.of(key, Map.of())).version());
    }

    @Test
    void givenItem_whenDeletedAtOtherVersion_thenConditionFailsAndItemIsKept() {
        ItemKey key = new ItemKey(partition(), "s");
        store.putIfAbsent(Item.of(key, Map.of()));

        ConditionFailedException failure = assertThrows(ConditionFailedException.class, () -> store.delete(key, 2));

        assertEquals(key, failure.key());
        assertTrue(store.get(key).isPresent());
    }

    @Test
    void givenNoItem_whenDeleted_thenConditionFails() {
        assertThrows(ConditionFailedException.class, () -> store.delete(new ItemKey(partition(), "s"), 1));
    }

    // ---- expiry ----

    @Test
    void givenItemPastExpiry_thenGetAndQueryDoNotSeeIt() {
        String pk = partition();
        ItemKey key = new ItemKey(pk, "code");
        store.putIfAbsent(Item.of(key, Map.of()).withExpiry(clock.instant().plusSeconds(300)));
        assertTrue(store.get(key).isPresent());

        clock.advance(Duration.ofSeconds(301));

        assertTrue(store.get(key).isEmpty());
        assertTrue(queryAll(pk, "", 10).isEmpty());
    }

    @Test
    void givenExpiryAtNow_thenItemIsExpired_andOneSecondBeforeItIsLive() {
        ItemKey key = new ItemKey(partition(), "code");
        store.putIfAbsent(Item.of(key, Map.of()).withExpiry(clock.instant().plusSeconds(10)));

        clock.advance(Duration.ofMillis(9_999));
        assertTrue(store.get(key).isPresent(), "live until its expiry second");

        clock.advance(Duration.ofMillis(1));
        assertTrue(store.get(key).isEmpty(), "expired at its expiry second");
    }

    @Test
    void givenItemPastExpiry_whenPutIfAbsent_thenItIsOverwrittenAtVersion1() {
        ItemKey key = new ItemKey(partition(), "code");
        Item old = store.putIfAbsent(Item.of(key, Map.of("digits", "111111", "left", "over"))
                .withExpiry(clock.instant().plusSeconds(60)));
        store.replace(old.withAttributes(Map.of("digits", "111111")));
        clock.advance(Duration.ofSeconds(60));

        Item fresh = store.putIfAbsent(Item.of(key, Map.of("digits", "222222")));

        assertEquals(1, fresh.version());
        Item read = store.get(key).orElseThrow();
        assertEquals(Map.of("digits", "222222"), read.attributes());
        assertNull(read.expiresAt());
    }

    @Test
    void givenItemPastExpiry_thenItCannotBeReplacedNorDeleted() {
        ItemKey key = new ItemKey(partition(), "code");
        Item item = store.putIfAbsent(Item.of(key, Map.of()).withExpiry(clock.instant().plusSeconds(60)));
        clock.advance(Duration.ofSeconds(61));

        assertThrows(ConditionFailedException.class,
                () -> store.replace(item.withExpiry(clock.instant().plusSeconds(3600))));
        assertThrows(ConditionFailedException.class, () -> store.delete(key, item.version()));
        assertTrue(store.get(key).isEmpty());
    }

    @Test
    void givenLiveItemWithExpiry_whenReplacedWithLaterExpiry_thenItOutlivesTheFirst() {
        ItemKey key = new ItemKey(partition(), "session");
        Item item = store.putIfAbsent(Item.of(key, Map.of()).withExpiry(clock.instant().plusSeconds(60)));

        store.replace(item.withExpiry(clock.instant().plusSeconds(600)));
        clock.advance(Duration.ofSeconds(120));

        assertTrue(store.get(key).isPresent());
    }

    // ---- query ----

    @Test
    void givenItemsInPartitions_whenQueriedWithPrefix_thenOnlyMatchingItemsInAscendingOrder() {
        String pk = partition();
        String other = partition();
        List<String> sortKeys = new ArrayList<>(List.of(
                "usage#2030-01-03", "usage#2030-01-01", "usage#2030-01-02", "usage", "usagf#1",
                "profile", "binding#aws", "usage#2030-01-10"));
        Collections.shuffle(sortKeys, new Random(7));
        for (String sk : sortKeys) {
            store.putIfAbsent(Item.of(new ItemKey(pk, sk), Map.of("label", sk)));
        }
        store.putIfAbsent(Item.of(new ItemKey(other, "usage#2030-01-04"), Map.of()));

        assertEquals(List.of("usage#2030-01-01", "usage#2030-01-02", "usage#2030-01-03", "usage#2030-01-10"),
                sortKeys(queryAll(pk, "usage#", 100)));
        assertEquals(List.of("binding#aws", "profile", "usage", "usage#2030-01-01", "usage#2030-01-02",
                        "usage#2030-01-03", "usage#2030-01-10", "usagf#1"),
                sortKeys(queryAll(pk, "", 100)));
        assertTrue(queryAll(pk, "zzz", 100).isEmpty());
        assertTrue(queryAll(partition(), "", 100).isEmpty());
    }

    @Test
    void givenManyItems_whenPagedWithSmallLimit_thenEveryItemOnceInOrder() {
        String pk = partition();
        List<String> expected = IntStream.range(0, 250).mapToObj(i -> String.format("line#%05d", i)).toList();
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(42));
        for (String sk : shuffled) {
            store.putIfAbsent(Item.of(new ItemKey(pk, sk), Map.of("n", sk.substring(5))));
        }

        List<Page> pages = pages(cursor -> store.query(pk, "line#", cursor, 7));

        assertEquals(expected, sortKeys(pages.stream().flatMap(p -> p.items().stream()).toList()));
        assertTrue(pages.stream().allMatch(p -> p.items().size() <= 7));
        assertTrue(pages.size() <= 250 / 7 + 2, "pages: " + pages.size());
    }

    @Test
    void givenExpiredItemsAmongLiveOnes_whenPaged_thenOnlyLiveItemsAndPagingReachesTheEnd() {
        String pk = partition();
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String sk = String.format("code#%03d", i);
            Item item = Item.of(new ItemKey(pk, sk), Map.of());
            // long runs of expired items, so that some pages hold nothing live
            if (i % 10 < 7) {
                item = item.withExpiry(clock.instant().plusSeconds(5));
            } else {
                live.add(sk);
            }
            store.putIfAbsent(item);
        }
        clock.advance(Duration.ofSeconds(5));

        List<Page> pages = pages(cursor -> store.query(pk, "code#", cursor, 3));

        assertEquals(live, sortKeys(pages.stream().flatMap(p -> p.items().stream()).toList()));
    }

    @Test
    void givenUnicodeSortKeys_thenQueryOrdersThemByCodePoint() {
        String pk = partition();
        // by UTF-16 unit the emoji (a surrogate pair) would sort before the fullwidth letter
        List<String> expected = List.of("k#a", "k#z", "k#é", "k#ｂ", "k#😀");
        for (String sk : List.of("k#😀", "k#ｂ", "k#z", "k#é", "k#a")) {
            store.putIfAbsent(Item.of(new ItemKey(pk, sk), Map.of()));
        }

        assertEquals(expected, sortKeys(queryAll(pk, "k#", 2)));
        assertEquals(List.of("k#😀"), sortKeys(queryAll(pk, "k#😀", 2)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1001})
    void givenLimitOutside1To1000_thenQueriesAreRefused(int limit) {
        assertThrows(IllegalArgumentException.class, () -> store.query(partition(), "", null, limit));
        assertThrows(IllegalArgumentException.class,
                () -> store.queryIndex(indexPartition(), "a", "z", null, limit));
    }

    // ---- cursors ----

    @Test
    void givenCursor_thenItIsUrlSafeAndContinuesOnlyItsOwnQuery() {
        String pk = partition();
        for (int i = 0; i < 5; i++) {
            store.putIfAbsent(Item.of(new ItemKey(pk, "x#" + i), Map.of()));
        }
        String cursor = store.query(pk, "x#", null, 2).nextCursor();
        assertNotNull(cursor);
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);

        assertEquals(List.of("x#2", "x#3"), sortKeys(store.query(pk, "x#", cursor, 2).items()));
        assertThrows(IllegalArgumentException.class, () -> store.query(partition(), "x#", cursor, 2));
        assertThrows(IllegalArgumentException.class, () -> store.query(pk, "y#", cursor, 2));
        assertThrows(IllegalArgumentException.class,
                () -> store.queryIndex(indexPartition(), "a", "z", cursor, 2));
    }

    @Test
    void givenTamperedCursor_thenQueryIsRefused() {
        String pk = partition();
        for (int i = 0; i < 5; i++) {
            store.putIfAbsent(Item.of(new ItemKey(pk, "x#" + i), Map.of()));
        }
        String cursor = store.query(pk, "x#", null, 2).nextCursor();
        int middle = cursor.length() / 2;
        String flipped = cursor.substring(0, middle) + (cursor.charAt(middle) == 'A' ? 'B' : 'A')
                + cursor.substring(middle + 1);

        for (String tampered : List.of(flipped, cursor + "AAAA", cursor.substring(0, cursor.length() - 3),
                "not-a-cursor", "!!!", "")) {
            assertThrows(IllegalArgumentException.class, () -> store.query(pk, "x#", tampered, 2),
                    () -> "accepted: " + tampered);
        }
    }

    // ---- the index ----

    @Test
    void givenIndexedItems_whenRangeQueried_thenItemsInRangeAscendingAcrossPages() {
        String indexPk = indexPartition();
        String pk = partition();
        List<String> due = new ArrayList<>();
        for (int minute = 0; minute < 30; minute++) {
            String at = String.format("2030-01-01T00:%02d:00Z", minute);
            due.add(at);
            // item keys in the opposite order, so the order can only come from the index key
            ItemKey key = new ItemKey(pk, String.format("sub#%02d", 29 - minute));
            store.putIfAbsent(Item.of(key, Map.of("due", at)).withIndex(new IndexKey(indexPk, at)));
        }
        store.putIfAbsent(Item.of(new ItemKey(pk, "not-indexed"), Map.of()));
        store.putIfAbsent(Item.of(new ItemKey(partition(), "elsewhere"), Map.of())
                .withIndex(new IndexKey(indexPartition(), "2030-01-01T00:05:00Z")));

        List<Item> all = eventually(() -> queryIndexAll(indexPk, "2030", "2031", 100), items -> items.size() == 30);
        assertEquals(due, indexSortKeys(all));

        List<String> expected = due.subList(5, 18);
        List<Page> pages = eventuallyPages(indexPk, "2030-01-01T00:05:00Z", "2030-01-01T00:17:00Z", 4, 13);
        assertEquals(expected, indexSortKeys(pages.stream().flatMap(p -> p.items().stream()).toList()));
        assertTrue(pages.stream().allMatch(p -> p.items().size() <= 4));
        assertEquals("2030-01-01T00:05:00Z", pages.get(0).items().get(0).get("due"));

        assertEquals(due.subList(0, 3), indexSortKeys(eventually(
                () -> queryIndexAll(indexPk, "", "2030-01-01T00:02:00Z", 2), items -> items.size() == 3)));
        assertTrue(store.queryIndex(indexPk, "2030-01-01T00:10:00Z", "2030-01-01T00:09:00Z", null, 10)
                .items().isEmpty(), "a reversed range holds nothing");
    }

    @Test
    void givenIndexedItemsWithEqualIndexKeys_whenPaged_thenEachItemOnce() {
        String indexPk = indexPartition();
        Set<ItemKey> keys = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            ItemKey key = new ItemKey(partition(), "sub");
            keys.add(key);
            store.putIfAbsent(Item.of(key, Map.of()).withIndex(new IndexKey(indexPk, "2030-01-01")));
        }

        List<Item> items = eventually(() -> queryIndexAll(indexPk, "2030-01-01", "2030-01-01", 5),
                found -> found.size() == 12);

        assertEquals(keys, new HashSet<>(items.stream().map(Item::key).toList()));
    }

    @Test
    void givenIndexedItemPastExpiry_thenIndexQueryDoesNotSeeIt() {
        String indexPk = indexPartition();
        String pk = partition();
        store.putIfAbsent(Item.of(new ItemKey(pk, "short"), Map.of())
                .withExpiry(clock.instant().plusSeconds(30)).withIndex(new IndexKey(indexPk, "2030-01-01")));
        store.putIfAbsent(Item.of(new ItemKey(pk, "long"), Map.of())
                .withExpiry(clock.instant().plusSeconds(3000)).withIndex(new IndexKey(indexPk, "2030-01-02")));
        eventually(() -> queryIndexAll(indexPk, "2030", "2031", 10), items -> items.size() == 2);

        clock.advance(Duration.ofSeconds(30));

        assertEquals(List.of("long"), sortKeys(queryIndexAll(indexPk, "2030", "2031", 1)));
    }

    @Test
    void givenIndexedItem_whenReplacedWithoutIndexKey_thenItLeavesTheIndex() {
        String indexPk = indexPartition();
        Item item = store.putIfAbsent(Item.of(new ItemKey(partition(), "sub"), Map.of())
                .withIndex(new IndexKey(indexPk, "2030-01-01")));
        eventually(() -> queryIndexAll(indexPk, "2030", "2031", 10), items -> items.size() == 1);

        store.replace(item.withIndex(null));

        eventually(() -> queryIndexAll(indexPk, "2030", "2031", 10), List::isEmpty);
    }

    @Test
    void givenIndexCursor_thenItContinuesOnlyItsOwnQuery() {
        String indexPk = indexPartition();
        for (int i = 0; i < 4; i++) {
            store.putIfAbsent(Item.of(new ItemKey(partition(), "sub"), Map.of())
                    .withIndex(new IndexKey(indexPk, "2030-01-0" + i)));
        }
        eventually(() -> queryIndexAll(indexPk, "2030", "2031", 10), items -> items.size() == 4);
        String cursor = store.queryIndex(indexPk, "2030", "2031", null, 2).nextCursor();
        assertNotNull(cursor);

        assertThrows(IllegalArgumentException.class,
                () -> store.queryIndex(indexPartition(), "2030", "2031", cursor, 2));
        assertThrows(IllegalArgumentException.class,
                () -> store.queryIndex(indexPk, "2030-01-05", "2031", cursor, 2));
        assertThrows(IllegalArgumentException.class, () -> store.query(indexPk, "", cursor, 2));
    }

    // ---- batches ----

    @Test
    void givenLiveMissingAndExpiredKeys_whenGetAll_thenOnlyTheLiveItemsInOneAnswer() {
        String pk = partition();
        Item live = store.putIfAbsent(Item.of(new ItemKey(pk, "live"), Map.of("name", "Ada"))
                .withIndex(new IndexKey(indexPartition(), "2030")));
        Item expiring = store.putIfAbsent(Item.of(new ItemKey(pk, "expiring"), Map.of())
                .withExpiry(clock.instant().plusSeconds(30)));
        Item other = store.putIfAbsent(Item.of(new ItemKey(partition(), "elsewhere"), Map.of("n", "2")));
        clock.advance(Duration.ofSeconds(31));

        Map<ItemKey, Item> found = store.getAll(List.of(live.key(), expiring.key(), new ItemKey(pk, "missing"),
                other.key()));

        assertEquals(Map.of(live.key(), live, other.key(), other), found);
        assertTrue(store.getAll(List.of()).isEmpty());
    }

    @Test
    void givenAHundredKeys_whenGetAll_thenAllAreRead_andMoreOrATwiceNamedKeyAreRefused() {
        String pk = partition();
        List<ItemKey> keys = new ArrayList<>();
        List<Item> batch = new ArrayList<>();
        for (int i = 0; i < ItemStore.MAX_BATCH_GET; i++) {
            keys.add(new ItemKey(pk, String.format("item#%03d", i)));
            batch.add(Item.of(keys.get(i), Map.of("i", Integer.toString(i))));
            if (batch.size() == ItemStore.MAX_BATCH_PUT) {
                store.putAll(batch);
                batch.clear();
            }
        }

        Map<ItemKey, Item> found = store.getAll(keys);

        assertEquals(ItemStore.MAX_BATCH_GET, found.size());
        assertEquals("42", found.get(keys.get(42)).get("i"));
        List<ItemKey> tooMany = new ArrayList<>(keys);
        tooMany.add(new ItemKey(pk, "one more"));
        assertThrows(IllegalArgumentException.class, () -> store.getAll(tooMany));
        assertThrows(IllegalArgumentException.class, () -> store.getAll(List.of(keys.get(0), keys.get(0))));
    }

    @Test
    void givenNewAndExistingKeys_whenPutAll_thenEveryItemIsStoredAtVersion1WithoutCondition() {
        String pk = partition();
        String indexPk = indexPartition();
        Item existing = store.replace(store.putIfAbsent(Item.of(new ItemKey(pk, "existing"), Map.of("n", "1"))));
        assertEquals(2, existing.version());
        Instant expiry = clock.instant().plusSeconds(600);

        store.putAll(List.of(
                Item.of(new ItemKey(pk, "existing"), Map.of("n", "again")),
                Item.of(new ItemKey(pk, "new"), Map.of("n", "fresh")).withExpiry(expiry)
                        .withIndex(new IndexKey(indexPk, "2030-01-01")).withAttributes(Map.of("n", "fresh"))));
        store.putAll(List.of());

        Item overwritten = store.get(new ItemKey(pk, "existing")).orElseThrow();
        assertEquals(Map.of("n", "again"), overwritten.attributes());
        assertEquals(1, overwritten.version());
        Item fresh = store.get(new ItemKey(pk, "new")).orElseThrow();
        assertEquals(1, fresh.version());
        assertEquals(expiry, fresh.expiresAt());
        assertEquals(List.of(new ItemKey(pk, "new")), eventually(() -> queryIndexAll(indexPk, "2030", "2031", 10),
                items -> items.size() == 1).stream().map(Item::key).toList());
        assertEquals(2, store.replace(fresh).version(), "a batch-written item is replaced like any other");
        assertThrows(ConditionFailedException.class,
                () -> store.putIfAbsent(Item.of(new ItemKey(pk, "existing"), Map.of())));
    }

    @Test
    void givenTooManyItemsOrATwiceWrittenKey_whenPutAll_thenRefusedAndNothingWritten() {
        String pk = partition();
        List<Item> tooMany = IntStream.rangeClosed(0, ItemStore.MAX_BATCH_PUT)
                .mapToObj(i -> Item.of(new ItemKey(pk, "item#" + i), Map.of())).toList();
        ItemKey twice = new ItemKey(pk, "twice");

        assertThrows(IllegalArgumentException.class, () -> store.putAll(tooMany));
        assertThrows(IllegalArgumentException.class,
                () -> store.putAll(List.of(Item.of(twice, Map.of("n", "1")), Item.of(twice, Map.of("n", "2")))));

        assertTrue(queryAll(pk, "", 100).isEmpty());
    }

    // ---- attribute values and names ----

    @Test
    void givenEmptyAndUnicodeValues_thenTheyRoundTripThroughGetQueryAndIndex() {
        String pk = partition();
        String indexPk = indexPartition();
        Map<String, String> attributes = Map.of(
                "empty", "",
                "company", "Müller & Söhne GmbH",
                "greeting", "こんにちは 👋🏽",
                "rtl", "مرحبا",
                "combining", "e\u0301",
                "spaces", "  padded  ",
                "lines", "one\ntwo\r\nthree\t!",
                "quote", "\"'<&>",
                "Mixed_Case_9", "x");
        ItemKey key = new ItemKey(pk, "profile#ümlaut😀");
        store.putIfAbsent(Item.of(key, attributes).withIndex(new IndexKey(indexPk, "día😀")));

        assertEquals(attributes, store.get(key).orElseThrow().attributes());
        assertEquals(List.of(attributes), queryAll(pk, "profile#", 10).stream().map(Item::attributes).toList());
        List<Item> indexed = eventually(() -> queryIndexAll(indexPk, "d", "e", 10), items -> items.size() == 1);
        assertEquals(attributes, indexed.get(0).attributes());
        assertEquals(key, indexed.get(0).key());

        Item onlyEmpty = store.get(key).orElseThrow().withAttributes(Map.of("empty", ""));
        store.replace(onlyEmpty);
        assertEquals(Map.of("empty", ""), store.get(key).orElseThrow().attributes());
    }

    @Test
    void givenNoAttributes_thenItemRoundTrips() {
        ItemKey key = new ItemKey(partition(), "bare");
        store.putIfAbsent(Item.of(key, Map.of()));
        assertEquals(Map.of(), store.get(key).orElseThrow().attributes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pk", "sk", "v", "ttl", "gsi1pk", "gsi1sk"})
    void givenReservedAttributeName_thenItemRefusesIt(String name) {
        ItemKey key = new ItemKey(partition(), "s");
        assertThrows(IllegalArgumentException.class, () -> Item.of(key, Map.of(name, "x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"e-mail", "a b", "naïve", "a.b", "#x", ":v"})
    void givenAttributeNameOutsideTheAlphabet_thenWritesAreRefused(String name) {
        ItemKey key = new ItemKey(partition(), "s");
        assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent(Item.of(key, Map.of(name, "x"))));
        Item item = store.putIfAbsent(Item.of(key, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> store.replace(item.withAttributes(Map.of(name, "x"))));
        assertEquals(item, store.get(key).orElseThrow());
    }

    @Test
    void givenItemOfExactly400KB_thenItRoundTrips_andOneByteMoreIsRefused() {
        ItemKey key = new ItemKey(partition(), "big");
        // pk + sk + v (name and an 11-byte number) + "blob" + value = 400 KB as the stores count it
        int overhead = "pk".length() + key.pk().length() + "sk".length() + key.sk().length()
                + "v".length() + 11 + "blob".length();
        String blob = "é".repeat((400 * 1024 - overhead) / 2) + "x".repeat((400 * 1024 - overhead) % 2);

        assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent(Item.of(key, Map.of("blob", blob + "x"))));
        store.putIfAbsent(Item.of(key, Map.of("blob", blob)));

        assertEquals(blob, store.get(key).orElseThrow().get("blob"));
    }

    @Test
    void givenKeyPartsLongerThanDynamoDbTakes_thenWritesAreRefused() {
        String pk = partition();
        String longPk = pk + "p".repeat(2048 - pk.length() + 1);
        String longSk = "s".repeat(1025);
        assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent(Item.of(new ItemKey(longPk, "s"), Map.of())));
        assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent(Item.of(new ItemKey(pk, longSk), Map.of())));
        assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent(Item.of(new ItemKey(pk, "s"), Map.of())
                .withIndex(new IndexKey(indexPartition(), longSk))));

        String maxPk = pk + "p".repeat(2048 - pk.length());
        String maxSk = "ü".repeat(512);
        store.putIfAbsent(Item.of(new ItemKey(maxPk, maxSk), Map.of()));
        assertTrue(store.get(new ItemKey(maxPk, maxSk)).isPresent());
    }

    // ---- concurrency ----

    @Test
    void givenSixteenConcurrentPutIfAbsent_thenExactlyOneWins() throws Exception {
        ItemKey key = new ItemKey(partition(), "guard#username");
        List<Callable<Boolean>> attempts = IntStream.range(0, 16).<Callable<Boolean>>mapToObj(i -> () -> {
            try {
                store.putIfAbsent(Item.of(key, Map.of("owner", "writer" + i)));
                return true;
            } catch (ConditionFailedException lost) {
                return false;
            }
        }).toList();

        List<Boolean> outcomes = runTogether(attempts);

        assertEquals(1, outcomes.stream().filter(won -> won).count(), outcomes.toString());
        assertEquals(1, store.get(key).orElseThrow().version());
    }

    @Test
    void givenSixteenConcurrentReplacesOfOneVersion_thenExactlyOneWins() throws Exception {
        ItemKey key = new ItemKey(partition(), "binding");
        Item base = store.putIfAbsent(Item.of(key, Map.of("owner", "none")));
        List<Callable<Boolean>> attempts = IntStream.range(0, 16).<Callable<Boolean>>mapToObj(i -> () -> {
            try {
                store.replace(base.withAttributes(Map.of("owner", "writer" + i)));
                return true;
            } catch (ConditionFailedException lost) {
                return false;
            }
        }).toList();

        List<Boolean> outcomes = runTogether(attempts);

        assertEquals(1, outcomes.stream().filter(won -> won).count(), outcomes.toString());
        Item read = store.get(key).orElseThrow();
        assertEquals(2, read.version());
        assertEquals("writer" + outcomes.indexOf(true), read.get("owner"));
    }

    // ---- helpers ----

    /** A partition key no other test uses. */
    protected static String partition() {
        return "test#" + UUID.randomUUID();
    }

    /** An index partition key no other test uses. */
    protected static String indexPartition() {
        return "due#" + UUID.randomUUID();
    }

    private List<Item> queryAll(String pk, String prefix, int limit) {
        return pages(cursor -> store.query(pk, prefix, cursor, limit)).stream()
                .flatMap(p -> p.items().stream()).toList();
    }

    private List<Item> queryIndexAll(String indexPk, String from, String to, int limit) {
        return pages(cursor -> store.queryIndex(indexPk, from, to, cursor, limit)).stream()
                .flatMap(p -> p.items().stream()).toList();
    }

    /** Every page up to the one without a cursor; fails rather than loop if paging never ends. */
    private static List<Page> pages(Function<String, Page> fetch) {
        List<Page> pages = new ArrayList<>();
        String cursor = null;
        do {
            Page page = fetch.apply(cursor);
            pages.add(page);
            if (cursor != null) {
                assertNotEquals(cursor, page.nextCursor(), "a page must move the cursor on");
            }
            cursor = page.nextCursor();
            assertTrue(pages.size() < 1000, "paging does not end");
        } while (cursor != null);
        return pages;
    }

    private List<Page> eventuallyPages(String indexPk, String from, String to, int limit, int expectedItems) {
        return eventually(() -> pages(cursor -> store.queryIndex(indexPk, from, to, cursor, limit)),
                pages -> pages.stream().mapToInt(p -> p.items().size()).sum() == expectedItems);
    }

    /** Polls until the index shows what the test wrote (it is eventually consistent on DynamoDB). */
    private static <T> T eventually(Supplier<T> read, Predicate<T> settled) {
        long deadline = System.nanoTime() + INDEX_SETTLE.toNanos();
        T value = read.get();
        while (!settled.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the index did not settle within " + INDEX_SETTLE + "; last read: " + value);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            value = read.get();
        }
        return value;
    }

    /** Starts all tasks at once (as far as threads allow) and returns their results in order. */
    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch ready = new CountDownLatch(tasks.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> sortKeys(List<Item> items) {
        return items.stream().map(item -> item.key().sk()).toList();
    }

    private static List<String> indexSortKeys(List<Item> items) {
        return items.stream().map(item -> item.index().sk()).toList();
    }
}
