package org.mpactivation.adapter.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.Page;

/** What the journaled store keeps across a close or a crash, what it refuses, and its file. */
class JournaledItemStoreRestartTest {

    @TempDir
    Path directory;

    private Path file;
    private MutableClock clock;
    private final List<JournaledItemStore> opened = new ArrayList<>();

    @BeforeEach
    void setUp() {
        file = directory.resolve("data").resolve("store.journal");
        clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @AfterEach
    void closeAll() {
        opened.forEach(JournaledItemStore::close);
    }

    // ---- restart ----

    @Test
    void givenABatchPutOverAnAdvancedItem_whenReopened_thenTheBatchItemsComeBackAtVersion1() {
        JournaledItemStore store = open(file);
        Item advanced = store.replace(store.putIfAbsent(Item.of(new ItemKey("fact#1", "meta"), Map.of("n", "1"))));
        store.putAll(List.of(Item.of(advanced.key(), Map.of("n", "again")),
                Item.of(new ItemKey("fact#2", "meta"), Map.of("n", "2")).withIndex(new IndexKey("due", "2030"))));
        List<Item> before = store.scan();
        store.close();

        JournaledItemStore reopened = open(file);

        assertEquals(before, reopened.scan());
        assertEquals(1, reopened.get(advanced.key()).orElseThrow().version());
        assertEquals("again", reopened.get(advanced.key()).orElseThrow().get("n"));
        assertEquals(1, reopened.queryIndex("due", "2030", "2031", null, 10).items().size());
    }

    @Test
    void givenItemsWithVersionsExpiryAndIndex_whenReopened_thenEachComesBackAsItWas() {
        JournaledItemStore store = open(file);
        Item account = store.putIfAbsent(Item.of(new ItemKey("account#1", "profile"),
                Map.of("name", "Ada", "email", "ada@example.com")));
        account = store.replace(account.withAttributes(Map.of("name", "Ada L.", "email", "ada@example.com")));
        account = store.replace(account.withIndex(new IndexKey("due", "2030-02-01T00:00:00Z")));
        Item code = store.putIfAbsent(Item.of(new ItemKey("account#1", "code"), Map.of("digits", "123456"))
                .withExpiry(clock.instant().plusSeconds(600)).withIndex(new IndexKey("due", "2030-01-01T00:10:00Z")));
        Item gone = store.putIfAbsent(Item.of(new ItemKey("account#2", "profile"), Map.of()));
        store.delete(gone.key(), gone.version());
        Item odd = store.putIfAbsent(Item.of(new ItemKey("account#3", "ü😀\n\"\\"),
                Map.of("lines", "one\ntwo\r\n\u2028three", "lone", "\uD800x\uDC00", "empty", "")));
        List<Item> before = store.scan();
        store.close();
        Item accountAtV3 = account;

        JournaledItemStore reopened = open(file);

        assertEquals(before, reopened.scan());
        assertEquals(List.of(code, accountAtV3, odd), reopened.scan(), "in key order");
        assertEquals(3, reopened.get(accountAtV3.key()).orElseThrow().version());
        assertEquals(Instant.parse("2030-01-01T00:10:00Z"), reopened.get(code.key()).orElseThrow().expiresAt());
        assertTrue(reopened.get(gone.key()).isEmpty());
        assertEquals(List.of(code, accountAtV3), reopened.queryIndex("due", "2030", "2031", null, 10).items());
        assertEquals(odd, reopened.get(odd.key()).orElseThrow());

        // the versions go on from where they were, and expiry still runs on the clock
        assertThrows(ConditionFailedException.class, () -> reopened.putIfAbsent(Item.of(accountAtV3.key(), Map.of())));
        assertEquals(4, reopened.replace(accountAtV3).version());
        assertEquals(1, reopened.putIfAbsent(Item.of(gone.key(), Map.of())).version());
        clock.advance(Duration.ofSeconds(600));
        assertTrue(reopened.get(code.key()).isEmpty());
        assertEquals(1, reopened.queryIndex("due", "2030", "2031", null, 10).items().size());
    }

    @Test
    void givenExpiredAndDeletedItems_whenReopened_thenTheFileHoldsOnlyTheLiveItems() throws IOException {
        JournaledItemStore store = open(file);
        store.putIfAbsent(Item.of(new ItemKey("p", "kept"), Map.of()));
        store.putIfAbsent(Item.of(new ItemKey("p", "code"), Map.of()).withExpiry(clock.instant().plusSeconds(60)));
        Item deleted = store.putIfAbsent(Item.of(new ItemKey("p", "deleted"), Map.of()));
        store.delete(deleted.key(), 1);
        clock.advance(Duration.ofSeconds(60));
        store.close();

        JournaledItemStore reopened = open(file);

        assertEquals(List.of("kept"), sortKeys(reopened.scan()));
        List<String> lines = Files.readAllLines(file, UTF_8);
        assertEquals(List.of("{\"journal\":\"item-store\",\"format\":1}",
                "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"kept\",\"v\":1,\"attrs\":{}}"), lines);
    }

    @Test
    void givenAJournalWithManyMoreLinesThanItems_whenReopened_thenItShrinksToOneLinePerLiveItem() throws IOException {
        JournaledItemStore store = open(file);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(store.putIfAbsent(Item.of(new ItemKey("p", String.format("item#%02d", i)), Map.of("n", "0"))));
        }
        for (int round = 1; round <= 50; round++) {
            for (int i = 0; i < items.size(); i++) {
                items.set(i, store.replace(items.get(i).withAttributes(Map.of("n", String.valueOf(round)))));
            }
        }
        for (int i = 0; i < 5; i++) {
            store.delete(items.get(i).key(), items.get(i).version());
        }
        store.close();
        long grown = Files.size(file);
        assertEquals(1 + 20 + 20 * 50 + 5, Files.readAllLines(file, UTF_8).size());

        JournaledItemStore reopened = open(file);

        assertEquals(items.subList(5, 20), reopened.scan());
        assertEquals(1 + 15, Files.readAllLines(file, UTF_8).size());
        assertTrue(Files.size(file) * 50 < grown, Files.size(file) + " bytes after, " + grown + " before");
        reopened.close();
        assertEquals(items.subList(5, 20), open(file).scan());
    }

    @Test
    void givenARunningStoreRewritingTheSameItems_thenItsJournalStaysSmall() throws IOException {
        JournaledItemStore store = track(JournaledItemStore.open(file, clock, JournaledItemStore.Flush.TO_OS, 100));
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(store.putIfAbsent(Item.of(new ItemKey("p", "item#" + i), Map.of("n", "0"))));
        }
        long mostLines = 0;
        for (int round = 1; round <= 1000; round++) {
            int i = round % 3;
            items.set(i, store.replace(items.get(i).withAttributes(Map.of("n", String.valueOf(round)))));
            mostLines = Math.max(mostLines, Files.readAllLines(file, UTF_8).size());
        }

        assertTrue(mostLines <= 1 + 3 + 100, "the journal grew to " + mostLines + " lines");
        assertEquals(items, store.scan());
        store.close();
        assertEquals(items, open(file).scan());
    }

    @Test
    void givenAFlushToDiskStore_thenItKeepsItsItemsAcrossARestartToo() {
        JournaledItemStore store = track(JournaledItemStore.open(file, clock, JournaledItemStore.Flush.TO_DISK));
        Item item = store.putIfAbsent(Item.of(new ItemKey("p", "s"), Map.of("a", "b")));
        store.close();

        assertEquals(List.of(item), open(file).scan());
    }

    @Test
    void givenItemsInSeveralPartitions_thenScanOrdersThemByPartitionThenSortKeyByCodePoint() {
        JournaledItemStore store = open(file);
        List<ItemKey> expected = List.of(new ItemKey("a", "z"), new ItemKey("a", "é"), new ItemKey("a", "ｂ"),
                new ItemKey("a", "😀"), new ItemKey("a#", "a"), new ItemKey("ｂ", "a"), new ItemKey("😀", "a"));
        List<ItemKey> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(3));
        shuffled.forEach(key -> store.putIfAbsent(Item.of(key, Map.of())));
        store.putIfAbsent(Item.of(new ItemKey("a", "expired"), Map.of()).withExpiry(clock.instant().plusSeconds(1)));
        clock.advance(Duration.ofSeconds(1));

        assertEquals(expected, store.scan().stream().map(Item::key).toList());
    }

    // ---- crashes ----

    @Test
    void givenACrashDuringAnAppend_whenReopened_thenTheCutLineIsDroppedAndEverythingBeforeItKept() throws IOException {
        JournaledItemStore store = open(file);
        Item first = store.putIfAbsent(Item.of(new ItemKey("p", "first"), Map.of("a", "1")));
        Item second = store.replace(first.withAttributes(Map.of("a", "2")));
        store.putIfAbsent(Item.of(new ItemKey("p", "cut"), Map.of("a", "3")));
        // the file as a crash in the middle of writing the last line would leave it
        byte[] journal = Files.readAllBytes(file);
        Path crashed = directory.resolve("crashed.journal");
        Files.write(crashed, Arrays.copyOf(journal, journal.length - 12));

        JournaledItemStore recovered = open(crashed);

        assertEquals(List.of(second), recovered.scan());
        byte[] repaired = Files.readAllBytes(crashed);
        assertEquals('\n', repaired[repaired.length - 1], "the cut line is gone from the file");
        Item again = recovered.putIfAbsent(Item.of(new ItemKey("p", "cut"), Map.of("a", "4")));
        recovered.close();
        assertEquals(List.of(again, second), open(crashed).scan());
    }

    @Test
    void givenACrashThatLeftGarbageWithoutALineBreak_whenReopened_thenItIsDropped() throws IOException {
        JournaledItemStore store = open(file);
        Item item = store.putIfAbsent(Item.of(new ItemKey("p", "s"), Map.of()));
        store.close();
        Files.write(file, new byte[] {'{', '"', 'o', 0, 0, 0, (byte) 0xC3}, StandardOpenOption.APPEND);

        assertEquals(List.of(item), open(file).scan());
    }

    @Test
    void givenAMalformedLineInTheMiddle_whenOpened_thenItFailsNamingTheLineAndLeavesTheFile() throws IOException {
        JournaledItemStore store = open(file);
        for (int i = 0; i < 4; i++) {
            store.putIfAbsent(Item.of(new ItemKey("p", "s" + i), Map.of()));
        }
        store.close();
        List<String> lines = new ArrayList<>(Files.readAllLines(file, UTF_8));
        lines.set(2, lines.get(2).replace("\"v\":1", "\"v\":\"one\""));
        Files.write(file, lines, UTF_8);
        byte[] corrupt = Files.readAllBytes(file);

        JournalCorruptedException failure = assertThrows(JournalCorruptedException.class, () -> open(file));

        assertTrue(failure.getMessage().contains("line 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("\"v\""), failure.getMessage());
        long offset = lines.get(0).length() + 1 + lines.get(1).length() + 1;
        assertEquals(offset, failure.byteOffset());
        assertEquals(3, failure.lineNumber());
        assertTrue(failure.getMessage().contains(file.toAbsolutePath() + " is damaged at byte " + offset), failure.getMessage());
        assertEquals(1, failure.getMessage().lines().count(), "one line");
        assertArrayEquals(corrupt, Files.readAllBytes(file));
    }

    @Test
    void givenMalformedLinesOfEveryKind_whenOpened_thenEachFailsWithItsLineNumber() throws IOException {
        String header = "{\"journal\":\"item-store\",\"format\":1}\n";
        String good = "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"s\",\"v\":1,\"attrs\":{}}\n";
        Files.createDirectories(file.getParent());
        for (String bad : List.of("", "not json", "[]", "{\"op\":\"put\"}", "{\"op\":\"merge\",\"pk\":\"p\",\"sk\":\"s\"}",
                "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"s\",\"v\":0,\"attrs\":{}}",
                "{\"op\":\"put\",\"pk\":\"\",\"sk\":\"s\",\"v\":1,\"attrs\":{}}",
                "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"s\",\"v\":1,\"attrs\":{\"n\":1}}",
                "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"s\",\"v\":1,\"attrs\":{\"pk\":\"x\"}}",
                "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"s\",\"v\":1,\"gsi1pk\":\"due\",\"attrs\":{}}",
                "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"s\",\"v\":1,\"attrs\":{},\"extra\":1}",
                "{\"op\":\"put\",\"pk\":\"p\",\"pk\":\"q\",\"sk\":\"s\",\"v\":1,\"attrs\":{}}",
                "{\"op\":\"delete\",\"pk\":\"p\",\"sk\":\"s\"}",
                "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"s\",\"v\":1,\"attrs\":{}} {}")) {
            // a complete last line is no crash: it fails like any other
            for (String content : List.of(header + good + bad + "\n" + good, header + good + bad + "\n")) {
                Files.writeString(file, content, UTF_8);
                IllegalStateException failure = assertThrows(IllegalStateException.class, () -> open(file),
                        () -> "accepted: " + bad);
                assertTrue(failure.getMessage().contains("line 3"), failure.getMessage());
                assertEquals(content, Files.readString(file, UTF_8));
            }
        }
        Files.write(file, new byte[] {'{', (byte) 0xFF, '}', '\n'});
        assertTrue(assertThrows(IllegalStateException.class, () -> open(file)).getMessage().contains("line 1"));
    }

    @Test
    void givenAFileThatIsNoJournal_whenOpened_thenItFailsAndTheFileIsLeftAsItWas() throws IOException {
        for (String content : List.of("name,email\nada,ada@example.com\n", "{\"journal\":\"item-store\",\"format\":2}\n",
                "no line break at all", "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"s\",\"v\":1,\"attrs\":{}}\n")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, UTF_8);

            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> open(file));

            assertTrue(failure.getMessage().contains("line 1"), failure.getMessage());
            assertEquals(content, Files.readString(file, UTF_8));
        }
        Files.writeString(file, "", UTF_8);
        assertEquals(List.of(), open(file).scan(), "an empty file is an empty store");
    }

    @Test
    void givenAProcessKilledWhileWriting_whenReopened_thenEveryAcknowledgedWriteIsThere() throws Exception {
        // the writer prints "ack <n>" after each write returns, straight into a file that outlives it
        Path acks = directory.resolve("acks.txt");
        Process writer = otherProcess("write", file, acks);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lastAcknowledged(acks) < 3000 && writer.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        writer.destroyForcibly(); // SIGKILL, in the middle of its writes: no shutdown hook, no close
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        long acknowledged = lastAcknowledged(acks);
        assertTrue(acknowledged >= 3000, () -> "the writer acknowledged " + acknowledged + "; " + stderr());

        List<Item> items = open(file).scan();

        // every acknowledged write, and at most the one the writer was making when killed
        assertTrue(items.size() == acknowledged + 1 || items.size() == acknowledged + 2,
                items.size() + " items after " + (acknowledged + 1) + " acknowledged writes");
        for (int i = 0; i < items.size(); i++) {
            assertEquals(new ItemKey("p", String.format("n#%08d", i)), items.get(i).key());
        }
    }

    // ---- concurrency ----

    @Test
    void givenEightThreadsWritingAtOnce_whenReopened_thenExactlyTheAcknowledgedWritesAreThere() throws Exception {
        JournaledItemStore store = open(file);
        ItemKey counter = new ItemKey("shared", "counter");
        store.putIfAbsent(Item.of(counter, Map.of("n", "0")));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<ItemKey, Optional<Item>>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                go.await();
                return writeAtRandom(store, thread, counter);
            }));
        }
        go.countDown();
        Map<ItemKey, Item> expected = new HashMap<>();
        int guardsWon = 0;
        for (Future<Map<ItemKey, Optional<Item>>> result : results) {
            for (Map.Entry<ItemKey, Optional<Item>> entry : result.get(60, TimeUnit.SECONDS).entrySet()) {
                if (entry.getValue().isPresent()) {
                    assertTrue(expected.put(entry.getKey(), entry.getValue().get()) == null, "won twice: " + entry);
                    guardsWon += entry.getKey().pk().equals("guard") ? 1 : 0;
                }
            }
        }
        pool.shutdown();
        assertEquals(50, guardsWon, "each guard won exactly once");
        Item counted = store.get(counter).orElseThrow();
        assertEquals(String.valueOf(threads * 100), counted.get("n"));
        assertEquals(1 + threads * 100, counted.version());
        expected.put(counter, counted);
        List<Item> live = store.scan();
        assertEquals(expected, byKey(live));
        store.close();

        JournaledItemStore reopened = open(file);

        assertEquals(live, reopened.scan());
    }

    /**
     * On a partition of its own: puts, replaces and deletes at random; shared: put-if-absent on 50
     * guards every thread tries, and 100 increments of one counter. Returns the item each
     * acknowledged write left under each key (empty if deleted) and the guards it won.
     */
    private static Map<ItemKey, Optional<Item>> writeAtRandom(JournaledItemStore store, int thread, ItemKey counter) {
        Random random = new Random(thread);
        Map<ItemKey, Optional<Item>> mine = new HashMap<>();
        List<Integer> guards = IntStream.range(0, 50).boxed().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(guards, random);
        int increments = 0;
        for (int step = 0; step < 600; step++) {
            ItemKey key = new ItemKey("thread#" + thread, "item#" + random.nextInt(40));
            Optional<Item> current = mine.getOrDefault(key, Optional.empty());
            int choice = random.nextInt(10);
            if (current.isEmpty()) {
                mine.put(key, Optional.of(store.putIfAbsent(Item.of(key, Map.of("step", String.valueOf(step)))
                        .withIndex(random.nextBoolean() ? new IndexKey("due", "t" + thread + "s" + step) : null))));
            } else if (choice < 6) {
                mine.put(key, Optional.of(store.replace(current.get().withAttributes(Map.of("step", String.valueOf(step))))));
            } else {
                store.delete(key, current.get().version());
                mine.put(key, Optional.empty());
            }
            if (step % 12 == 0 && !guards.isEmpty()) {
                ItemKey guard = new ItemKey("guard", "g#" + guards.remove(guards.size() - 1));
                try {
                    mine.put(guard, Optional.of(store.putIfAbsent(Item.of(guard, Map.of("owner", "t" + thread)))));
                } catch (ConditionFailedException lost) {
                    // another thread holds it
                }
            }
            if (step % 6 == 0 && increments < 100) {
                while (true) {
                    Item now = store.get(counter).orElseThrow();
                    try {
                        store.replace(now.withAttributes(Map.of("n", String.valueOf(Long.parseLong(now.get("n")) + 1))));
                        increments++;
                        break;
                    } catch (ConditionFailedException raced) {
                        // read again
                    }
                }
            }
        }
        assertEquals(100, increments);
        return mine;
    }

    @Test
    void givenAnInterruptedThread_whenItWrites_thenTheWriteLandsAndTheStoreGoesOn() {
        JournaledItemStore store = open(file);
        Thread.currentThread().interrupt();
        Item item;
        try {
            item = store.putIfAbsent(Item.of(new ItemKey("p", "interrupted"), Map.of()));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is left to its owner");
        }
        Item next = store.putIfAbsent(Item.of(new ItemKey("p", "next"), Map.of()));
        store.close();

        assertEquals(List.of(item, next), open(file).scan());
    }

    // ---- the file and its lock ----

    @Test
    void givenAnOpenStore_whenTheSameFileIsOpenedAgainInThisProcess_thenThatFailsClearly() {
        JournaledItemStore store = open(file);
        Item item = store.putIfAbsent(Item.of(new ItemKey("p", "s"), Map.of()));

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> JournaledItemStore.open(file, clock));

        assertTrue(failure.getMessage().contains("in use"), failure.getMessage());
        assertEquals(List.of(item), store.scan());
        store.putIfAbsent(Item.of(new ItemKey("p", "after"), Map.of()));
        store.close();
        assertEquals(2, open(file).scan().size(), "the file is free again once closed");
    }

    @Test
    void givenAnOpenStore_whenAnotherProcessOpensTheSameFile_thenItFailsClearlyAndTheFileIsUntouched() throws Exception {
        JournaledItemStore store = open(file);
        store.putIfAbsent(Item.of(new ItemKey("p", "s"), Map.of()));
        byte[] journal = Files.readAllBytes(file);

        Process other = otherProcess("open", file);
        String said = new String(other.getInputStream().readAllBytes(), UTF_8);
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));

        assertEquals(3, other.exitValue(), () -> said + stderr());
        assertTrue(said.contains("refused") && said.contains("in use"), said);
        assertArrayEquals(journal, Files.readAllBytes(file));
        store.close();

        Process later = otherProcess("open", file);
        String saidLater = new String(later.getInputStream().readAllBytes(), UTF_8);
        assertTrue(later.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, later.exitValue(), () -> saidLater + stderr());
    }

    @Test
    void givenAClosedStore_thenWritesFailAndReadsStillAnswer() {
        JournaledItemStore store = open(file);
        Item item = store.putIfAbsent(Item.of(new ItemKey("p", "s"), Map.of()));
        store.close();
        store.close();

        assertThrows(IllegalStateException.class, () -> store.putIfAbsent(Item.of(new ItemKey("p", "t"), Map.of())));
        assertThrows(IllegalStateException.class, () -> store.replace(item));
        assertThrows(IllegalStateException.class, () -> store.delete(item.key(), 1));
        assertEquals(Optional.of(item), store.get(item.key()));
        assertEquals(List.of(item), store.scan());
        Page page = store.query("p", "", null, 10);
        assertEquals(List.of(item), page.items());
    }

    @Test
    void givenAFileInAMissingDirectory_thenOpenCreatesItWithItsHeaderAndReportsItsAbsolutePath() throws IOException {
        JournaledItemStore store = open(file);

        assertTrue(store.file().isAbsolute());
        assertEquals(file.toAbsolutePath(), store.file());
        assertTrue(Files.exists(file), "the journal exists from the open on");
        assertEquals(List.of("{\"journal\":\"item-store\",\"format\":1}"), Files.readAllLines(file, UTF_8));
        assertNotNull(store.putIfAbsent(Item.of(new ItemKey("p", "s"), Map.of())));
        assertFalse(Files.exists(file.resolveSibling("store.journal.tmp")));
    }

    // ---- helpers ----

    private JournaledItemStore open(Path journal) {
        return track(JournaledItemStore.open(journal, clock));
    }

    private JournaledItemStore track(JournaledItemStore store) {
        opened.add(store);
        return store;
    }

    private Process otherProcess(String mode, Path journal) throws IOException {
        return otherProcess(mode, journal, null);
    }

    private Process otherProcess(String mode, Path journal, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // its standard output carries the acknowledgements alone: the test's log levels (warnings and errors) go with it
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dmpactivation.log.levels=" + System.getProperty("mpactivation.log.levels", "WARN"),
                OtherProcess.class.getName(), mode, journal.toString())
                .redirectError(directory.resolve("other-process.err").toFile());
        if (output != null) {
            builder.redirectOutput(output.toFile());
        }
        return builder.start();
    }

    /** The last "ack <n>" line the writer completed, or -1. */
    private static long lastAcknowledged(Path acks) throws IOException {
        if (!Files.exists(acks)) {
            return -1;
        }
        String text = Files.readString(acks, UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return -1;
        }
        int start = text.lastIndexOf('\n', end - 1) + 1;
        return Long.parseLong(text.substring(start + "ack ".length(), end));
    }

    private String stderr() {
        try {
            return Files.readString(directory.resolve("other-process.err"), UTF_8);
        } catch (IOException e) {
            return "(no error output)";
        }
    }

    private static Map<ItemKey, Item> byKey(List<Item> items) {
        return items.stream().collect(Collectors.toMap(Item::key, Function.identity()));
    }

    private static List<String> sortKeys(List<Item> items) {
        return items.stream().map(item -> item.key().sk()).toList();
    }

    /** A second process on the same journal: {@code open} tries to open it, {@code write} writes until killed. */
    static final class OtherProcess {

        public static void main(String[] args) {
            Path journal = Path.of(args[1]);
            if (args[0].equals("open")) {
                try (JournaledItemStore store = JournaledItemStore.open(journal, Clock.systemUTC())) {
                    System.out.println("opened " + store.scan().size());
                } catch (IllegalStateException e) {
                    System.out.println("refused: " + e.getMessage());
                    System.exit(3);
                }
                return;
            }
            JournaledItemStore store = JournaledItemStore.open(journal, Clock.systemUTC());
            for (long i = 0; ; i++) {
                store.putIfAbsent(Item.of(new ItemKey("p", String.format("n#%08d", i)),
                        Map.of("at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())));
                System.out.println("ack " + i);
                System.out.flush();
            }
        }
    }
}
