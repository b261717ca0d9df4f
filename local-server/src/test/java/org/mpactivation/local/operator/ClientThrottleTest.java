package org.mpactivation.local.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientThrottleTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final ClientThrottle throttle = new ClientThrottle(clock);

    @Test
    void givenThreeWrongAttempts_thenTheClientWaitsOneTwoFourSecondsAndIsNotCheckedMeanwhile() {
        AtomicInteger checked = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertEquals(ClientThrottle.Outcome.REJECTED, wrong("10.0.0.1", checked).outcome());
        }
        for (long wait : new long[] {1, 2, 4, 8}) {
            ClientThrottle.Attempt limited = wrong("10.0.0.1", checked);
            assertEquals(ClientThrottle.Outcome.LIMITED, limited.outcome());
            assertEquals(wait, limited.retryAfterSeconds());
            clock.advance(Duration.ofSeconds(wait).minusMillis(1));
            assertEquals(ClientThrottle.Outcome.LIMITED, wrong("10.0.0.1", checked).outcome());
            clock.advance(Duration.ofMillis(1));
            assertEquals(ClientThrottle.Outcome.REJECTED, wrong("10.0.0.1", checked).outcome());
        }
        assertEquals(7, checked.get(), "refused attempts are never checked");
    }

    @Test
    void givenOneClientLimited_thenAnotherClientIsCheckedAtOnce() {
        AtomicInteger checked = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            wrong("10.0.0.1", checked);
        }
        assertEquals(ClientThrottle.Outcome.ACCEPTED, throttle.attempt("10.0.0.2", () -> true).outcome());
        assertEquals(ClientThrottle.Outcome.LIMITED, throttle.attempt("10.0.0.1", () -> true).outcome(),
                "the right secret too, while the client waits");
    }

    @Test
    void theDelayDoublesUpToItsCap() {
        assertEquals(Duration.ofSeconds(1), ClientThrottle.delay(3));
        assertEquals(Duration.ofSeconds(2), ClientThrottle.delay(4));
        assertEquals(Duration.ofSeconds(256), ClientThrottle.delay(11));
        assertEquals(ClientThrottle.MAX_DELAY, ClientThrottle.delay(12));
        assertEquals(ClientThrottle.MAX_DELAY, ClientThrottle.delay(10_000));
    }

    @Test
    void givenARightAttemptOrAQuietSpell_thenTheCountStartsAgain() {
        AtomicInteger checked = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            wrong("10.0.0.1", checked);
        }
        clock.advance(Duration.ofSeconds(1));
        assertEquals(ClientThrottle.Outcome.ACCEPTED, throttle.attempt("10.0.0.1", () -> true).outcome());
        for (int i = 0; i < 3; i++) {
            assertEquals(ClientThrottle.Outcome.REJECTED, wrong("10.0.0.1", checked).outcome());
        }
        clock.advance(ClientThrottle.FORGET_AFTER);
        for (int i = 0; i < 3; i++) {
            assertEquals(ClientThrottle.Outcome.REJECTED, wrong("10.0.0.1", checked).outcome());
        }
    }

    @Test
    void givenMoreClientsThanTheTableHolds_thenTheOldestIsForgotten() {
        ClientThrottle small = new ClientThrottle(clock, 3);
        for (String client : new String[] {"a", "b", "c", "d"}) {
            small.attempt(client, () -> false);
            clock.advance(Duration.ofMillis(1));
        }
        assertEquals(3, small.clients());
        assertFalse(small.counts().containsKey("a"));
        small.attempt("b", () -> false);
        assertEquals(java.util.List.of("c", "d", "b"), java.util.List.copyOf(small.counts().keySet()),
                "a client's last wrong attempt moves it to the end");
    }

    private ClientThrottle.Attempt wrong(String client, AtomicInteger checked) {
        return throttle.attempt(client, () -> {
            checked.incrementAndGet();
            return false;
        });
    }
}
