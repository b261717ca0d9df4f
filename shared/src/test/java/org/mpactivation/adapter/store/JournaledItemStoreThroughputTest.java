package org.mpactivation.adapter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;

/**
 * The cost of the journal, printed for the record (no timing is asserted): put-if-absent rates in
 * memory alone, with each write flushed to the operating system (the default), and with each write
 * forced to disk; and how long a reopen of 10,000 items takes.
 */
class JournaledItemStoreThroughputTest {

    private static final int WRITES = 10_000;
    /** Fewer: at a few milliseconds per disk flush on some machines, 10,000 would take minutes. */
    private static final int FORCED_WRITES = 1_000;

    @TempDir
    Path directory;

    @Test
    void printWriteRatesPerFlushChoice() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (JournaledItemStore warmUp = JournaledItemStore.open(directory.resolve("warm-up.journal"), clock)) {
            putIfAbsent(warmUp, "warm-up", 20_000);
        }
        putIfAbsent(new InMemoryItemStore(clock), "warm-up", 20_000);

        List<String> figures = new ArrayList<>();
        figures.add(rate("in memory, no journal", WRITES, putIfAbsent(new InMemoryItemStore(clock), "p", WRITES)));

        Path toOs = directory.resolve("to-os.journal");
        try (JournaledItemStore store = JournaledItemStore.open(toOs, clock)) {
            figures.add(rate("journal, flushed to the OS (default)", WRITES, putIfAbsent(store, "p", WRITES)));
            figures.add(rate("journal, flushed to the OS, 8 threads", WRITES, putIfAbsentInThreads(store, 8, WRITES)));
        }
        figures.add(String.format(Locale.ROOT, "%-44s %,d bytes for %,d items", "journal file", Files.size(toOs), 2 * WRITES));

        long reopenStarted = System.nanoTime();
        try (JournaledItemStore reopened = JournaledItemStore.open(toOs, clock)) {
            long nanos = System.nanoTime() - reopenStarted;
            assertEquals(2 * WRITES, reopened.scan().size());
            figures.add(String.format(Locale.ROOT, "%-44s %,d ms for %,d items (replay and rewrite)", "reopen",
                    TimeUnit.NANOSECONDS.toMillis(nanos), 2 * WRITES));
        }

        try (JournaledItemStore store = JournaledItemStore.open(directory.resolve("to-disk.journal"), clock,
                JournaledItemStore.Flush.TO_DISK)) {
            figures.add(rate("journal, forced to disk per write", FORCED_WRITES, putIfAbsent(store, "p", FORCED_WRITES)));
        }

        System.out.println("JournaledItemStore put-if-absent figures (items of 4 attributes and an index key):");
        figures.forEach(line -> System.out.println("  " + line));
    }

    private static long putIfAbsent(ItemStore store, String pk, int count) {
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            store.putIfAbsent(item(pk, i));
        }
        return System.nanoTime() - started;
    }

    private static long putIfAbsentInThreads(ItemStore store, int threads, int count)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String pk = "thread#" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < count / threads; i++) {
                        store.putIfAbsent(item(pk, i));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            return System.nanoTime() - started;
        } finally {
            pool.shutdown();
        }
    }

    private static Item item(String pk, int i) {
        return Item.of(new ItemKey(pk, String.format("account#%06d", i)), Map.of(
                        "username", "user" + i, "email", "user" + i + "@example.com", "plan", "pro",
                        "createdAt", "2030-01-01T00:00:00Z"))
                .withIndex(new IndexKey("due", String.format("2030-01-01T00:00:%06d", i)));
    }

    private static String rate(String what, int count, long nanos) {
        double seconds = nanos / 1e9;
        return String.format(Locale.ROOT, "%-44s %,7d writes in %,6.0f ms = %,9.0f writes/s (%,.1f µs each)",
                what, count, seconds * 1000, count / seconds, nanos / 1e3 / count);
    }
}
