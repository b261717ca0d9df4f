package org.mpactivation.azure.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy =
            new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void givenNoRetryAfter_thenDelayGrowsWithJitterUpToTheCap() {
        for (int attempt = 1; attempt <= 6; attempt++) {
            long ceiling = Math.min(1000, 100L << (attempt - 1));
            long delay = policy.delayAfter(attempt, Optional.empty()).toMillis();
            assertTrue(delay >= ceiling / 2 && delay <= ceiling, attempt + ": " + delay);
        }
    }

    @Test
    void givenRetryAfter_thenItIsHonoured() {
        assertEquals(Duration.ofSeconds(4), policy.delayAfter(1, Optional.of(Duration.ofSeconds(4))));
    }

    @Test
    void givenRetryAfterHeader_thenSecondsAreReadAndHttpDatesAndNonsenseIgnored() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.parse(Optional.of(" 3 ")));
        assertEquals(Optional.of(Duration.ofSeconds(60)), RetryAfter.parse(Optional.of("86400")));
        assertEquals(Optional.empty(), RetryAfter.parse(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")));
        assertEquals(Optional.empty(), RetryAfter.parse(Optional.of("-1")));
        assertEquals(Optional.empty(), RetryAfter.parse(Optional.empty()));
    }

    @Test
    void givenNoAttempts_thenPolicyIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }
}
