package org.mpactivation.adapter.store;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.mpactivation.port.out.store.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal file of a {@link JournaledItemStore}: held under an exclusive lock, replayed once,
 * rewritten atomically, appended to. Not safe for concurrent use; the store serializes the calls.
 *
 * <p>The lock is taken on a sibling {@code <file>.lock}, not on the journal itself, because
 * rewriting replaces the journal with a new file, which would not carry the lock. Appends go through
 * {@link RandomAccessFile} rather than a {@link FileChannel}: an interrupted thread closes a
 * channel for every thread, which would take the store down with one cancelled request.
 */
final class JournalFile implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);

    /** What a replay found. */
    record Replay(long lines, long droppedTailBytes) {
    }

    private final Path file;
    private final boolean syncEachWrite;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private RandomAccessFile out;
    private long size;
    private long lines;
    private boolean broken;

    private JournalFile(Path file, boolean syncEachWrite, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.syncEachWrite = syncEachWrite;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Locks the journal at {@code file} for this store alone; nothing is read or written yet.
     *
     * @throws IllegalStateException if another store, in this process or another, holds it
     */
    static JournalFile lock(Path file, boolean syncEachWrite) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path lockFile = sibling(absolute, ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException held) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the store file " + absolute + " is in use by another server"
                    + " (its lock " + lockFile.getFileName() + " is held); stop that one or use another file");
        }
        return new JournalFile(absolute, syncEachWrite, channel, lock);
    }

    Path file() {
        return file;
    }

    /** Lines in the journal, header included. */
    long lines() {
        return lines;
    }

    /** One line of the file as read: where it starts, its bytes without the line break, and whether it had one. */
    record RawLine(long number, long offset, byte[] bytes, int length, boolean complete) {
    }

    /**
     * Hands every line after the header to {@code sink}, in order. A last line without its line
     * break was cut off by a crash during its write, which was therefore never acknowledged: it is
     * dropped with a warning (the rewrite that follows removes it from the file).
     *
     * @throws JournalCorruptedException naming the line and its byte offset, if any other line is malformed
     */
    Replay replay(Consumer<JournalFormat.Line> sink) throws IOException {
        long[] complete = {0};
        int[] torn = {0};
        readLines(line -> {
            if (!line.complete()) {
                if (line.number() == 1) {
                    throw malformed(line, "not an item store journal (its first line is incomplete)", null);
                }
                LOG.warn("The store journal {} ends in an incomplete line {} ({} bytes), left by a crash during a"
                        + " write; that write was never acknowledged and is dropped", file, line.number(), line.length());
                torn[0] = line.length();
                return;
            }
            complete[0] = line.number();
            try {
                if (line.number() == 1) {
                    JournalFormat.parseHeader(line.bytes(), line.length());
                } else {
                    sink.accept(JournalFormat.parse(line.bytes(), line.length()));
                }
            } catch (IllegalArgumentException e) {
                throw malformed(line, e.getMessage(), e);
            }
        });
        return new Replay(complete[0], torn[0]);
    }

    /**
     * Hands every line of the file, the header too, to {@code sink} with its line number and byte
     * offset; the last one without a line break is handed on as incomplete. The bytes are reused for
     * the next line: copy what is kept.
     */
    void readLines(Consumer<RawLine> sink) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        long lineNumber = 0;
        long offset = 0;
        long lineStart = 0;
        byte[] line = new byte[4096];
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            int read;
            while ((read = in.read(chunk)) >= 0) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (chunk[i] == '\n') {
                        line = append(line, length, chunk, start, i - start);
                        length += i - start;
                        lineNumber++;
                        sink.accept(new RawLine(lineNumber, lineStart, line, length, true));
                        lineStart = offset + i + 1;
                        length = 0;
                        start = i + 1;
                    }
                }
                line = append(line, length, chunk, start, read - start);
                length += read - start;
                offset += read;
            }
        }
        if (length > 0) {
            sink.accept(new RawLine(lineNumber + 1, lineStart, line, length, false));
        }
    }

    /**
     * Replaces the journal by one holding just {@code items}, atomically: a crash at any point
     * leaves either the old or the new journal, each complete. Both the new file and the directory
     * entry are forced to disk, whatever the per-write flush.
     */
    void rewrite(List<Item> items) throws IOException {
        Path temp = sibling(file, ".tmp");
        long newSize = 0;
        try {
            try (FileOutputStream stream = new FileOutputStream(temp.toFile());
                 BufferedOutputStream buffered = new BufferedOutputStream(stream, 1 << 16)) {
                byte[] header = JournalFormat.header();
                buffered.write(header);
                newSize += header.length;
                for (Item item : items) {
                    byte[] put = JournalFormat.put(item);
                    buffered.write(put);
                    newSize += put.length;
                }
                buffered.flush();
                stream.getFD().sync();
            }
            closeOut(); // an open file cannot be replaced everywhere
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            reopenAfterFailedRewrite(e);
            throw e;
        }
        syncDirectory();
        out = new RandomAccessFile(file.toFile(), "rw");
        size = newSize;
        lines = items.size() + 1L;
        broken = false;
    }

    /**
     * Appends one line and hands it to the operating system (and to the disk if so configured);
     * when this returns, a crash of the process cannot lose it. On failure the file is cut back to
     * its former end, so that no partial line is left in the middle of the journal.
     */
    void append(byte[] line) throws IOException {
        if (broken || out == null) {
            throw new IOException("the store journal " + file + " could not be repaired after an earlier failure");
        }
        try {
            out.seek(size);
            out.write(line);
            if (syncEachWrite) {
                out.getFD().sync();
            }
        } catch (IOException e) {
            try {
                out.setLength(size);
            } catch (IOException again) {
                broken = true;
                e.addSuppressed(again);
            }
            throw e;
        }
        size += line.length;
        lines++;
    }

    /** Forces what was written to disk, closes the journal and releases the lock. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        try {
            if (out != null) {
                out.getFD().sync();
            }
        } catch (IOException e) {
            failure = e;
        }
        try {
            closeOut();
        } catch (IOException e) {
            failure = addTo(failure, e);
        }
        try {
            lock.release();
        } catch (IOException e) {
            failure = addTo(failure, e);
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            failure = addTo(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private JournalCorruptedException malformed(RawLine line, String reason, Exception cause) {
        return new JournalCorruptedException(file, line.number(), line.offset(), reason, cause);
    }

    private void reopenAfterFailedRewrite(Exception failure) {
        if (out == null && Files.exists(file)) {
            try {
                out = new RandomAccessFile(file.toFile(), "rw");
            } catch (IOException e) {
                broken = true;
                failure.addSuppressed(e);
            }
        }
    }

    private void closeOut() throws IOException {
        if (out != null) {
            RandomAccessFile closing = out;
            out = null;
            closing.close();
        }
    }

    /** Makes the rename durable; where directories cannot be opened (Windows) it is so already. */
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            LOG.debug("could not force the directory of {} to disk", file, e);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static byte[] append(byte[] buffer, int length, byte[] bytes, int offset, int count) {
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        return buffer;
    }

    private static IOException addTo(IOException failure, IOException next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }
}
