package org.mpactivation.port.out;

import java.time.Duration;
import java.time.Instant;

/**
 * Counters that cap how often something may happen to one subject within a window (codes mailed to
 * one address in an hour, codes checked for one account). A window starts with the first use
 * and ends a fixed time later; then the counter starts again. Concurrent callers never take more
 * than the cap between them.
 */
public interface Allowances {

    /**
     * Takes one use from {@code counter}'s allowance, unless {@code max} uses were taken in its
     * current window.
     *
     * @param counter names the subject and what is counted (no secret, no address in clear)
     * @return whether the use was granted, how many are left after it, and when the window ends
     */
    Use take(String counter, int max, Duration window);

    /** The outcome of {@link #take}: {@code left} uses remain until {@code renewsAt}. */
    record Use(boolean granted, int left, Instant renewsAt) {
    }
}
