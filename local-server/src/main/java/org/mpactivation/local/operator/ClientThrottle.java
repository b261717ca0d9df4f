package org.mpactivation.local.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Slows down guessing a secret, one client (network address) at a time: after {@link #FREE_FAILURES} wrong
 * attempts from one client, each further attempt from it is refused, unchecked, until a delay has passed
 * since its last wrong one, a delay that doubles with each further wrong attempt (1 s, 2 s, 4 s, …) up to
 * {@link #MAX_DELAY}. A right attempt, or {@link #FORGET_AFTER} without a wrong one, clears the client's
 * count. Other clients are never held up: the legitimate operator signs in while someone else guesses.
 *
 * <p>The table is bounded: beyond {@link #MAX_CLIENTS} the client whose last wrong attempt is the oldest is
 * forgotten. The check and the bookkeeping happen under one lock, so parallel requests from one client are
 * counted one after the other.
 */
public final class ClientThrottle {

    static final int FREE_FAILURES = 3;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(5);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final int MAX_CLIENTS = 10_000;

    /** The outcome of one attempt; {@code retryAfterSeconds} is set when the attempt was refused unchecked. */
    public record Attempt(Outcome outcome, long retryAfterSeconds) {
    }

    public enum Outcome {
        ACCEPTED, REJECTED, LIMITED
    }

    private record Failures(int count, Instant last) {
    }

    private final Clock clock;
    private final int maxClients;
    // in order of the last wrong attempt: the first entry is the one to forget
    private final LinkedHashMap<String, Failures> clients = new LinkedHashMap<>();

    public ClientThrottle(Clock clock) {
        this(clock, MAX_CLIENTS);
    }

    ClientThrottle(Clock clock, int maxClients) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be positive");
        }
        this.maxClients = maxClients;
    }

    /**
     * Checks an attempt of {@code client} with {@code check} (a constant-time comparison), unless the client
     * must wait: then the check is not run at all.
     */
    public synchronized Attempt attempt(String client, BooleanSupplier check) {
        Instant now = clock.instant();
        Failures failures = clients.get(client);
        if (failures != null && !now.isBefore(failures.last().plus(FORGET_AFTER))) {
            clients.remove(client);
            failures = null;
        }
        if (failures != null && failures.count() >= FREE_FAILURES) {
            Instant allowed = failures.last().plus(delay(failures.count()));
            if (now.isBefore(allowed)) {
                return new Attempt(Outcome.LIMITED, secondsUntil(now, allowed));
            }
        }
        if (check.getAsBoolean()) {
            clients.remove(client);
            return new Attempt(Outcome.ACCEPTED, 0);
        }
        int count = failures == null ? 1 : failures.count() + 1;
        clients.remove(client);
        clients.put(client, new Failures(count, now));
        while (clients.size() > maxClients) {
            clients.remove(clients.keySet().iterator().next());
        }
        return new Attempt(Outcome.REJECTED, 0);
    }

    /** How many clients are remembered. */
    synchronized int clients() {
        return clients.size();
    }

    /** The wait after the {@code failures}-th wrong attempt: 1 s after the third, doubling, capped. */
    static Duration delay(int failures) {
        int doublings = Math.min(failures - FREE_FAILURES, 30);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private static long secondsUntil(Instant now, Instant then) {
        long millis = Duration.between(now, then).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    @Override
    public synchronized String toString() {
        return "ClientThrottle[" + clients.size() + " clients]";
    }

    /** For tests: the remembered clients in eviction order. */
    synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        clients.forEach((client, failures) -> counts.put(client, failures.count()));
        return counts;
    }
}
