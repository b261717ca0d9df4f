package org.mpactivation.adapter.store;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a damaged store journal (see {@link JournalCorruptedException}) from its intact records, for a
 * person to run while no server has the file open.
 *
 * <p>First the journal is copied, byte for byte, to {@code <file>.bak-<UTC timestamp>}. Then every record
 * that reads as a well-formed put or delete is kept, in its order: the records before the first bad one
 * and the intact records after it. That is safe because each line is a whole record that stands on its own
 * (a put holds the whole item), ends in a line break that JSON never contains unescaped, and is checked
 * strictly (known fields only, types, versions): after a bad line the next line break is the start of the
 * next record. The bad lines and a torn last line are dropped and listed, with the item key a dropped line
 * seems to name where it can be read: the one thing that may be lost is that write (an item may show its
 * previous version, or come back if the dropped line deleted it). The new journal replaces the old one
 * atomically.
 */
public final class JournalRepair {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern KEY = Pattern.compile("\"pk\":\"((?:[^\"\\\\]|\\\\.){1,200})\",\"sk\":\"((?:[^\"\\\\]|\\\\.){0,200})\"");

    private JournalRepair() {
    }

    /** A line left out of the repaired journal. */
    public record Dropped(long lineNumber, long byteOffset, int bytes, String reason, String keyHint) {
    }

    /**
     * What a repair did.
     *
     * @param backup null when the journal was intact and nothing was changed
     */
    public record Report(Path file, Path backup, long keptRecords, long keptAfterDamage, List<Dropped> dropped) {

        public boolean changed() {
            return backup != null;
        }

        /** For a person: what was kept, where the backup is, and each line dropped. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            if (!changed()) {
                lines.add("The store journal " + file + " is intact (" + keptRecords + " records); nothing was changed.");
                return lines;
            }
            lines.add("Repaired the store journal " + file + ": kept " + keptRecords + " records (" + keptAfterDamage
                    + " of them after the first damaged line), dropped " + dropped.size() + " line(s).");
            lines.add("The journal as it was is kept in " + backup + ".");
            for (Dropped line : dropped) {
                lines.add("  dropped line " + line.lineNumber() + " at byte " + line.byteOffset() + " (" + line.bytes()
                        + " bytes): " + line.reason() + (line.keyHint() == null ? ""
                        : "; it seems to be a write to pk=" + line.keyHint()));
            }
            lines.add("A dropped line was one write: its item may show its previous version, or be back if that "
                    + "write deleted it.");
            return lines;
        }
    }

    /** Repairs the journal at {@code file}, timing the backup by the system clock. */
    public static Report repair(Path file) {
        return repair(file, Clock.systemUTC());
    }

    /**
     * @throws IllegalStateException if a server has the journal open, or its first line is no journal header
     *                               (then it may be no journal at all, and nothing is changed)
     * @throws UncheckedIOException  if the file cannot be read or written
     */
    public static Report repair(Path file, Clock clock) {
        Path absolute = file.toAbsolutePath();
        if (!Files.exists(absolute)) {
            throw new IllegalStateException("there is no store journal at " + absolute);
        }
        try (JournalFile journal = JournalFile.lock(absolute, true)) {
            List<byte[]> kept = new ArrayList<>();
            List<Dropped> dropped = new ArrayList<>();
            long[] keptAfterDamage = {0};
            journal.readLines(line -> {
                if (line.number() == 1) {
                    checkHeader(absolute, line);
                    return;
                }
                if (!line.complete()) {
                    dropped.add(dropped(line, "incomplete last line, left by a crash during a write"));
                    return;
                }
                try {
                    JournalFormat.parse(line.bytes(), line.length());
                } catch (IllegalArgumentException bad) {
                    dropped.add(dropped(line, JournalCorruptedException.oneLine(bad.getMessage())));
                    return;
                }
                kept.add(Arrays.copyOf(line.bytes(), line.length()));
                if (!dropped.isEmpty()) {
                    keptAfterDamage[0]++;
                }
            });
            if (dropped.isEmpty()) {
                return new Report(absolute, null, kept.size(), 0, List.of());
            }
            Path backup = absolute.resolveSibling(absolute.getFileName() + ".bak-" + STAMP.format(clock.instant()));
            Files.copy(absolute, backup, StandardCopyOption.COPY_ATTRIBUTES);
            replace(absolute, kept);
            return new Report(absolute, backup, kept.size(), keptAfterDamage[0], List.copyOf(dropped));
        } catch (IOException e) {
            throw new UncheckedIOException("could not repair the store journal " + absolute, e);
        }
    }

    private static void checkHeader(Path file, JournalFile.RawLine line) {
        try {
            if (!line.complete()) {
                throw new IllegalArgumentException("its first line is incomplete");
            }
            JournalFormat.parseHeader(line.bytes(), line.length());
        } catch (IllegalArgumentException notAJournal) {
            throw new IllegalStateException("the file " + file + " does not start with a store journal header ("
                    + JournalCorruptedException.oneLine(notAJournal.getMessage()) + "); it may be no journal at all,"
                    + " so nothing was changed");
        }
    }

    private static Dropped dropped(JournalFile.RawLine line, String reason) {
        String text = new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8);
        Matcher key = KEY.matcher(text);
        String hint = key.find() ? JournalCorruptedException.oneLine(key.group(1) + " sk=" + key.group(2)) : null;
        return new Dropped(line.number(), line.offset(), line.length(), reason, hint);
    }

    /** Writes the header and {@code records} to a new file, forced to disk, and moves it over the journal. */
    private static void replace(Path file, List<byte[]> records) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".repair.tmp");
        try {
            try (FileOutputStream stream = new FileOutputStream(temp.toFile());
                 BufferedOutputStream out = new BufferedOutputStream(stream, 1 << 16)) {
                out.write(JournalFormat.header());
                for (byte[] record : records) {
                    out.write(record);
                    out.write('\n');
                }
                out.flush();
                stream.getFD().sync();
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException ignored) {
            // where directories cannot be opened (Windows) the rename is durable already
        }
    }
}
