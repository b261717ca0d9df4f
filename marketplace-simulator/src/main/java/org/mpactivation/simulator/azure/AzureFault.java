package org.mpactivation.simulator.azure;

import java.time.Duration;
import java.util.Objects;

/**
 * An injected answer: the HTTP status, its error code and, for throttling, the {@code Retry-After} delay
 * (null when the answer carries none).
 */
public record AzureFault(int status, String code, Duration retryAfter) {

    public AzureFault {
        Objects.requireNonNull(code, "code");
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("Retry-After must not be negative");
        }
    }

    public static AzureFault throttled(Duration retryAfter) {
        return new AzureFault(429, "TooManyRequests", Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    public static AzureFault internalError() {
        return new AzureFault(500, "InternalServerError", null);
    }

    public static AzureFault forbidden() {
        return new AzureFault(403, "Forbidden", null);
    }
}
