package org.mpactivation.benchmarks;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.mpactivation.port.out.Pause;

/** A {@link Pause} that really waits (through its delegate) and adds up how long it waited. */
final class TimedPause implements Pause {

    private final Pause delegate;
    private final LongAdder nanos = new LongAdder();

    TimedPause(Pause delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void sleep(Duration duration) {
        long start = System.nanoTime();
        try {
            delegate.sleep(duration);
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    @Override
    public long nanoTime() {
        return delegate.nanoTime();
    }

    long nanos() {
        return nanos.sum();
    }
}
