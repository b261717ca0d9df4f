package org.mpactivation.application;

import java.time.Duration;
import org.mpactivation.port.out.Pause;

/**
 * Keeps calls under a quota (AWS Marketplace metering: about 10 calls per second per account and
 * region): each {@link #acquire} waits until the next call is allowed. Calls are spaced evenly, so
 * there are no bursts for the marketplace to throttle. Thread-safe.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private final Pause pause;
    private long nextFreeNanos;

    public RateLimiter(double callsPerSecond, Pause pause) {
        if (callsPerSecond <= 0) {
            throw new IllegalArgumentException("calls per second must be positive");
        }
        this.intervalNanos = (long) (1_000_000_000L / callsPerSecond);
        this.pause = pause;
        this.nextFreeNanos = pause.nanoTime();
    }

    public void acquire() {
        long waitNanos;
        synchronized (this) {
            long now = pause.nanoTime();
            long slot = Math.max(now, nextFreeNanos);
            nextFreeNanos = slot + intervalNanos;
            waitNanos = slot - now;
        }
        if (waitNanos > 0) {
            pause.sleep(Duration.ofNanos(waitNanos));
        }
    }
}
