package org.mpactivation.azure.fulfillment;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long a throttled or failing call is tried again: exponential backoff with jitter (between half and all of the step), a
 * {@code Retry-After} from the service taking precedence, bounded both by attempts and by a deadline.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || deadline.isNegative()) {
            throw new IllegalArgumentException("delays must satisfy 0 <= baseDelay <= maxDelay; deadline >= 0");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
}
