package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/** One subscription status change: old and new value, its cause (event id, session, job run) and time. */
public record StatusChange(SubscriptionStatus from, SubscriptionStatus to, String cause, Instant at) {

    public StatusChange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(at, "at");
    }
}
