package org.mpactivation.application;

import java.time.Duration;
import org.mpactivation.port.out.Pause;

/**
 * Keeps calls under a quota (AWS Marketplace metering: about 10 calls per second per account and
 * region): each {@link #acquire} waits until the next call is allowed. Calls are spaced evenly, so
 * there are no bursts for the marketplace to throttle. Thread-safe.
 */
public final class RateLimiter {

    /**
     * The share of a marketplace quota that a run aims at. Calls leave the limiter evenly spaced but
     * reach the marketplace with jitter, so a limiter set exactly at a sliding-window quota sees some
     * calls refused (7.6 % at 10 calls/s in the metering benchmark, and the backoff after them cost
     * 14 % of the run); 5 % below the quota almost no call is refused and the run keeps about 94 % of
     * the quota's bound.
     */
    public static final double QUOTA_SHARE = 0.95;

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

    /** A limiter that keeps {@link #QUOTA_SHARE} of a calls-per-second quota. */
    public static RateLimiter underQuota(double quotaCallsPerSecond, Pause pause) {
        return new RateLimiter(quotaCallsPerSecond * QUOTA_SHARE, pause);
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
