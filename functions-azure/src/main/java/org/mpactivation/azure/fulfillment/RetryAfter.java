package org.mpactivation.azure.fulfillment;

import java.time.Duration;
import java.util.Optional;

/** The {@code Retry-After} header in its delta-seconds form, capped so a wrong value cannot stall a call. */
final class RetryAfter {

    private static final Duration CAP = Duration.ofSeconds(60);

    private RetryAfter() {
    }

    static Optional<Duration> parse(Optional<String> header) {
        return header.flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.trim());
                return seconds < 0 ? Optional.empty() : Optional.of(min(Duration.ofSeconds(seconds)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to our own backoff
            }
        });
    }

    private static Duration min(Duration value) {
        return value.compareTo(CAP) > 0 ? CAP : value;
    }
}
