package org.mpactivation.local.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The local server's one clock: real time plus a shift a person adds from the operator view, so that an hour
 * closing (and its metering), a landing token expiring or a term ending can be seen without waiting. Time
 * keeps running after a shift, and only ever moves forward; the shift is not kept across restarts.
 */
public final class LocalClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

    /** Real time, unshifted so far. */
    public LocalClock() {
        this(Clock.systemUTC());
    }

    public LocalClock(Clock base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** Moves the clock forward; a negative or zero step is refused (records already written must stay past). */
    public Instant advance(Duration step) {
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        shift.accumulateAndGet(step, Duration::plus);
        return instant();
    }

    /** How far this clock is ahead of real time. */
    public Duration shift() {
        return shift.get();
    }

    @Override
    public Instant instant() {
        return base.instant().plus(shift.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the local clock stays in UTC");
    }
}
