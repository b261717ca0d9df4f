package org.mpactivation.adapter.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.mpactivation.port.out.store.BatchArguments;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.port.out.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ItemStore} in memory that survives restarts through a journal file, for the local
 * server: no database server, one file. Every call is answered by an {@link InMemoryItemStore}, so
 * conditions, expiry, order, cursors and the index behave exactly as there; this class adds the
 * journal.
 *
 * <p><b>Writes.</b> Each successful put-if-absent, replace or delete is appended to the journal as
 * one line (see {@link JournalFormat}) and handed to the operating system before the call returns,
 * so a write that was acknowledged survives the process being killed (Ctrl-C, {@code kill -9}, a
 * crash). Applying a write and appending it happen under one lock, so the journal has the writes in
 * the order they were applied, and reads wait for that lock, so nobody sees a write that is not yet
 * in the journal. If the append fails, the write is taken back and the call fails with
 * {@link StoreUnavailableException}. A failed condition writes nothing.
 *
 * <p><b>Flush.</b> By default ({@link Flush#TO_OS}) a write is not forced to the disk: a local server
 * needs to survive its own crash, not a power cut, and a disk flush per write divides the write rate
 * by ten to a hundred, depending on the disk (JournaledItemStoreThroughputTest prints both).
 * {@link Flush#TO_DISK} forces every write. Rewrites of the journal and {@link #close()} always
 * force to disk.
 *
 * <p><b>Open.</b> {@link #open} takes an exclusive lock on the file (a second server on the same file,
 * in this process or another, fails at once), replays the journal, and then rewrites it atomically
 * with just the live items, so the file holds one line per item and never grows from restart to
 * restart; expired items are dropped then. A last line cut off by a crash during its write (a write
 * that was never acknowledged) is dropped with a warning; any other malformed line fails the open
 * with a {@link JournalCorruptedException} naming its byte offset and line, and leaves the file
 * untouched ({@link JournalRepair} rebuilds it from its intact records, keeping a backup). While the store runs, the journal is rewritten
 * the same way when it has grown to more than twice as many lines as live items.
 *
 * <p><b>Close.</b> {@link #close()} forces the journal to disk and releases the file; writes after it
 * throw {@link IllegalStateException}, reads still answer from memory.
 */
public final class JournaledItemStore implements ItemStore, AutoCloseable {

    /** How far a write is flushed before it is acknowledged. */
    public enum Flush {
        /**
         * To the operating system: the write survives the process being killed, but not a power cut
         * or an operating system crash. The default, for a local server.
         */
        TO_OS,
        /** To the disk, one flush per write: the write survives a power cut too. */
        TO_DISK
    }

    /** The journal lines written after an open or a rewrite before the store considers a rewrite. */
    static final long LINES_BEFORE_COMPACTION = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(JournaledItemStore.class);

    private final InMemoryItemStore memory;
    private final JournalFile journal;
    private final long linesBeforeCompaction;
    /** Writers hold it to apply and append; readers hold it shared, so they never see an unjournaled write. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private long nextCompactionCheck;
    private boolean closed;

    private JournaledItemStore(InMemoryItemStore memory, JournalFile journal, long linesBeforeCompaction) {
        this.memory = memory;
        this.journal = journal;
        this.linesBeforeCompaction = linesBeforeCompaction;
        scheduleCompactionCheck();
    }

    /**
     * Opens the store kept in {@code file} (created with its directories if missing), with writes
     * flushed to the operating system ({@link Flush#TO_OS}).
     *
     * @param clock judges expiry, as for {@link InMemoryItemStore}
     * @throws JournalCorruptedException if a line other than a torn last one is malformed
     * @throws IllegalStateException if another store has the file open
     * @throws UncheckedIOException if the file cannot be read or written
     */
    public static JournaledItemStore open(Path file, Clock clock) {
        return open(file, clock, Flush.TO_OS);
    }

    /** Like {@link #open(Path, Clock)}, with the given flush for every write. */
    public static JournaledItemStore open(Path file, Clock clock, Flush flush) {
        return open(file, clock, flush, LINES_BEFORE_COMPACTION);
    }

    /** For tests: {@code linesBeforeCompaction} lowers how soon a running store rewrites its journal. */
    static JournaledItemStore open(Path file, Clock clock, Flush flush, long linesBeforeCompaction) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(flush, "flush");
        if (linesBeforeCompaction < 1) {
            throw new IllegalArgumentException("linesBeforeCompaction must be positive");
        }
        long started = System.nanoTime();
        JournalFile journal;
        try {
            journal = JournalFile.lock(file, flush == Flush.TO_DISK);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the store file " + file, e);
        }
        try {
            InMemoryItemStore memory = new InMemoryItemStore(clock);
            JournalFile.Replay replay = journal.replay(line -> {
                if (line instanceof JournalFormat.Put put) {
                    memory.restore(put.key(), put.item());
                } else {
                    memory.restore(line.key(), null);
                }
            });
            List<Item> live = memory.liveItems();
            journal.rewrite(live);
            LOG.info("Opened the store {}: replayed {} journal lines, kept {} live items, in {} ms",
                    journal.file(), replay.lines(), live.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new JournaledItemStore(memory, journal, linesBeforeCompaction);
        } catch (IOException e) {
            closeAfterFailedOpen(journal, e);
            throw new UncheckedIOException("could not open the store file " + journal.file(), e);
        } catch (RuntimeException e) {
            closeAfterFailedOpen(journal, e);
            throw e;
        }
    }

    /** The journal file, as an absolute path. */
    public Path file() {
        return journal.file();
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        gate.readLock().lock();
        try {
            return memory.get(key);
        } finally {
            gate.readLock().unlock();
        }
    }

    @Override
    public Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        gate.readLock().lock();
        try {
            return memory.getAll(keys);
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Journals each item as its own put, like DynamoDB applies a batch: item by item, not atomically. */
    @Override
    public void putAll(Collection<Item> items) {
        BatchArguments.checkPut(items);
        gate.writeLock().lock();
        try {
            requireOpen();
            for (Item item : items) {
                Item previous = memory.get(item.key()).orElse(null);
                Item stored = new Item(item.key(), item.attributes(), 1, item.expiresAt(), item.index());
                memory.putAll(List.of(stored));
                journal(stored.key(), previous, () -> JournalFormat.put(stored));
            }
        } finally {
            gate.writeLock().unlock();
        }
    }

    @Override
    public Item putIfAbsent(Item item) {
        Objects.requireNonNull(item, "item");
        gate.writeLock().lock();
        try {
            requireOpen();
            Item stored = memory.putIfAbsent(item);
            // what it replaced, if anything, had expired: taking the write back leaves the key empty
            journal(stored.key(), null, () -> JournalFormat.put(stored));
            return stored;
        } finally {
            gate.writeLock().unlock();
        }
    }

    @Override
    public Item replace(Item item) {
        Objects.requireNonNull(item, "item");
        gate.writeLock().lock();
        try {
            requireOpen();
            Item previous = memory.get(item.key()).orElse(null);
            Item stored = memory.replace(item);
            journal(stored.key(), previous, () -> JournalFormat.put(stored));
            return stored;
        } finally {
            gate.writeLock().unlock();
        }
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        Objects.requireNonNull(key, "key");
        gate.writeLock().lock();
        try {
            requireOpen();
            Item previous = memory.get(key).orElse(null);
            memory.delete(key, expectedVersion);
            journal(key, previous, () -> JournalFormat.delete(key, expectedVersion));
        } finally {
            gate.writeLock().unlock();
        }
    }

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        gate.readLock().lock();
        try {
            return memory.query(pk, skPrefix, cursor, limit);
        } finally {
            gate.readLock().unlock();
        }
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        gate.readLock().lock();
        try {
            return memory.queryIndex(indexPk, skFrom, skTo, cursor, limit);
        } finally {
            gate.readLock().unlock();
        }
    }

    /**
     * Every live item, ordered by partition key and then sort key (by code point, as queries order
     * sort keys): the whole store, for the local operator view.
     */
    public List<Item> scan() {
        gate.readLock().lock();
        try {
            return memory.liveItems();
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Forces the journal to disk and releases the file; a second call does nothing. */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the store file " + journal.file(), e);
        } finally {
            gate.writeLock().unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the store " + journal.file() + " is closed");
        }
    }

    /**
     * Appends the write just applied to memory; if that fails, puts {@code previous} back under
     * {@code key} (the write was never acknowledged, so nobody may see it) and fails the call.
     */
    private void journal(ItemKey key, Item previous, Supplier<byte[]> line) {
        try {
            journal.append(line.get());
        } catch (IOException e) {
            memory.restore(key, previous);
            throw new StoreUnavailableException("could not write to the store journal " + journal.file()
                    + "; the write was not applied", e);
        } catch (RuntimeException e) {
            memory.restore(key, previous);
            throw e;
        }
        compactIfDue();
    }

    private void compactIfDue() {
        if (journal.lines() < nextCompactionCheck) {
            return;
        }
        List<Item> live = memory.liveItems();
        if (journal.lines() > 2 * (live.size() + 1L)) {
            long before = journal.lines();
            try {
                journal.rewrite(live);
                LOG.debug("Rewrote the store journal {}: {} lines, now {}", journal.file(), before, journal.lines());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not rewrite the store journal {}; it goes on growing", journal.file(), e);
            }
        }
        scheduleCompactionCheck();
    }

    private void scheduleCompactionCheck() {
        nextCompactionCheck = journal.lines() + Math.max(linesBeforeCompaction, journal.lines());
    }

    private static void closeAfterFailedOpen(JournalFile journal, Exception failure) {
        try {
            journal.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
