package org.mpactivation.port.out;

import java.time.Duration;

/** Waiting: the real thread sleep in production, a simulated clock's advance in tests. */
public interface Pause {

    void sleep(Duration duration);

    /** The monotonic time in nanoseconds (for rate limiting). */
    long nanoTime();

    Pause REAL = new Pause() {
        @Override
        public void sleep(Duration duration) {
            try {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting", e);
            }
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };
}
