package org.mpactivation.aws;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what a parser reads and stops it past a limit, so that an event's size is bounded before any of
 * it is kept: the parser reads on demand, and a long string would otherwise grow in memory until it ends.
 */
final class BoundedInput extends FilterInputStream {

    private long left;

    BoundedInput(InputStream in, long limit) {
        super(in);
        this.left = limit;
    }

    @Override
    public int read() throws IOException {
        int read = super.read();
        if (read >= 0) {
            count(1);
        }
        return read;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, (int) Math.min(length, left + 1));
        if (read > 0) {
            count(read);
        }
        return read;
    }

    private void count(int read) throws TooLarge {
        left -= read;
        if (left < 0) {
            throw new TooLarge();
        }
    }

    /** The input went on past the limit. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("over the limit");
        }
    }
}
