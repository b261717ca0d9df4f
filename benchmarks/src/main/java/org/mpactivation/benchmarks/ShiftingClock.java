package org.mpactivation.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real time, shifted: it runs on at the real pace (rate limiters and backoff sleep for real), and a
 * scenario can jump it forward, as the minutes between two scheduled runs pass.
 */
final class ShiftingClock extends Clock {

    private final AtomicReference<Duration> offset;

    /** A clock that reads {@code start} now and runs on from there. */
    ShiftingClock(Instant start) {
        this.offset = new AtomicReference<>(Duration.between(Instant.now(), start));
    }

    void jump(Duration ahead) {
        offset.updateAndGet(current -> current.plus(ahead));
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("one zone");
    }
}
