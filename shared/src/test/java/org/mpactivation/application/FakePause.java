package org.mpactivation.application;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.mpactivation.port.out.Pause;

/**
 * Waiting without waiting: every requested sleep is recorded, and the monotonic time is whatever the
 * test says. Optionally a sleep moves the time on by its length (one simulated thread). Thread-safe.
 */
public final class FakePause implements Pause {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final boolean sleepingAdvancesTime;
    private final List<Duration> sleeps = new ArrayList<>();

    /** @param sleepingAdvancesTime whether {@link #sleep} moves {@link #nanoTime} on by the duration */
    public FakePause(boolean sleepingAdvancesTime) {
        this.sleepingAdvancesTime = sleepingAdvancesTime;
    }

    @Override
    public void sleep(Duration duration) {
        synchronized (sleeps) {
            sleeps.add(duration);
        }
        if (sleepingAdvancesTime) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** Every sleep requested so far, in order. */
    public List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    public void clear() {
        synchronized (sleeps) {
            sleeps.clear();
        }
    }
}
