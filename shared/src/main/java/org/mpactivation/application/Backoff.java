package org.mpactivation.application;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: attempt n waits a random time in [0, min(cap, base * 2^n)). */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 6);
    }

    public Duration delay(int attempt) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, ceiling)));
    }
}
