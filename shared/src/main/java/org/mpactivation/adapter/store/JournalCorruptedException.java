package org.mpactivation.adapter.store;

import java.nio.file.Path;

/**
 * A journal line other than a torn last one cannot be read: the file was damaged (by a disk, an editor, a
 * copy gone wrong), not by a crash during a write. The message is one line naming the file, the byte
 * offset and the line of the first bad record; the file was left as it is. {@link JournalRepair} keeps a
 * backup and rebuilds the journal from its intact records.
 */
public final class JournalCorruptedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long byteOffset;
    private final long lineNumber;

    JournalCorruptedException(Path file, long lineNumber, long byteOffset, String reason, Throwable cause) {
        super("the store journal " + file + " is damaged at byte " + byteOffset + " (line " + lineNumber + "): "
                + oneLine(reason) + "; the file was left as it is", cause);
        this.file = file;
        this.byteOffset = byteOffset;
        this.lineNumber = lineNumber;
    }

    public Path file() {
        return file;
    }

    /** Where the first bad record starts, counted from the start of the file. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The first bad record's line, the header being line 1. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The reason on one line, short: a parser's message may quote the damaged bytes. */
    static String oneLine(String reason) {
        String text = reason == null ? "unreadable" : reason.replaceAll("\\p{Cntrl}", " ").strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
