package org.mpactivation.port.out.store;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound on a read-decide-write loop that starts again after a {@link ConditionFailedException}:
 * at most {@link #MAX_ATTEMPTS} attempts within {@link #MAX_TIME}. Giving up is logged and answered
 * with a {@link StoreContentionException}, which callers treat as a busy store (retry later).
 * <pre>
 * ConflictRetries retries = ConflictRetries.of("apply notice");
 * while (retries.next()) {
 *     ... read, decide ...
 *     try { write; return; } catch (ConditionFailedException concurrent) { ... }
 * }
 * throw retries.exhausted();
 * </pre>
 */
public final class ConflictRetries {

    public static final int MAX_ATTEMPTS = 10;
    public static final Duration MAX_TIME = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ConflictRetries.class);

    private final String what;
    private final int maxAttempts;
    private final long deadline;
    private int attempts;

    private ConflictRetries(String what, int maxAttempts) {
        this.what = what;
        this.maxAttempts = maxAttempts;
        this.deadline = System.nanoTime() + MAX_TIME.toNanos();
    }

    /** @param what what is being written, for the log (never a secret) */
    public static ConflictRetries of(String what) {
        return new ConflictRetries(what, MAX_ATTEMPTS);
    }

    public static ConflictRetries of(String what, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        return new ConflictRetries(what, maxAttempts);
    }

    /** True if another attempt may start (the first always may). */
    public boolean next() {
        if (attempts >= maxAttempts || (attempts > 0 && System.nanoTime() - deadline > 0)) {
            return false;
        }
        attempts++;
        return true;
    }

    public int attempts() {
        return attempts;
    }

    /** Logs that the loop gave up and returns the exception to throw. */
    public StoreContentionException exhausted() {
        LOG.error("gave up writing after {} conflicting attempts: {}", attempts, what);
        return new StoreContentionException(what + ": still conflicting after " + attempts + " attempts");
    }
}
