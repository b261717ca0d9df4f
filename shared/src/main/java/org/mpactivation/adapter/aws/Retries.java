package org.mpactivation.adapter.aws;

import java.time.Duration;
import java.util.Set;

/**
 * How a client retries: at most {@code maxAttempts} sends, waiting a random time up to
 * {@code min(maxDelay, baseDelay × 2^retry)} before each retry ("full jitter"), and throttling answers
 * waiting from {@code throttledBaseDelay} instead. Retried: no answer (refused, reset, timed out), HTTP 5xx,
 * an answer whose checksum does not match, and the throttling codes below; never any other 4xx.
 */
public record Retries(int maxAttempts, Duration baseDelay, Duration throttledBaseDelay, Duration maxDelay) {

    /** The codes AWS JSON services use to say "slow down"; each is retried. */
    static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException",
            "RequestThrottledException", "RequestThrottled", "TooManyRequestsException",
            "ProvisionedThroughputExceededException", "RequestLimitExceeded", "SlowDown",
            "TransactionInProgressException", "LimitExceededException");

    public Retries {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
    }

    /** One attempt: for callers that back off themselves (the metering run under its quota). */
    public static Retries none() {
        return new Retries(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** DynamoDB's defaults in the AWS SDKs: 8 retries, 25 ms base, 500 ms when throttled, 20 s at most. */
    public static Retries dynamoDb() {
        return new Retries(9, Duration.ofMillis(25), Duration.ofMillis(500), Duration.ofSeconds(20));
    }

    /** The SDKs' standard mode: 3 attempts, 100 ms base, 1 s when throttled, 20 s at most. */
    public static Retries standard() {
        return new Retries(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20));
    }

    /** Whether an error code says "slow down" (the client has retried it already when it reaches a caller). */
    public static boolean throttling(String errorCode) {
        return THROTTLING.contains(errorCode);
    }

    /** The longest wait before retry number {@code retry} (1 for the first retry). */
    Duration ceiling(int retry, boolean throttled) {
        Duration base = throttled ? throttledBaseDelay : baseDelay;
        long millis = base.toMillis() << Math.min(retry - 1, 20);
        return Duration.ofMillis(Math.min(maxDelay.toMillis(), millis));
    }
}
