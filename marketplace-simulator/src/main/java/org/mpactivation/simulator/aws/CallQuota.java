package org.mpactivation.simulator.aws;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * A calls-per-second quota over a sliding one-second window. It runs on a monotonic nanosecond ticker,
 * not on the simulator's clock, so a fixed test clock does not freeze the window.
 */
final class CallQuota {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int callsPerSecond;
    private final LongSupplier ticker;
    private final Deque<Long> admitted = new ArrayDeque<>();

    CallQuota(int callsPerSecond, LongSupplier ticker) {
        this.callsPerSecond = callsPerSecond;
        this.ticker = ticker;
    }

    /** Admits the call if the quota allows it; a refused call does not count against the quota. */
    synchronized boolean tryAdmit() {
        if (callsPerSecond <= 0) {
            return true;
        }
        long now = ticker.getAsLong();
        while (!admitted.isEmpty() && now - admitted.peekFirst() >= WINDOW_NANOS) {
            admitted.pollFirst();
        }
        if (admitted.size() >= callsPerSecond) {
            return false;
        }
        admitted.addLast(now);
        return true;
    }
}
