package org.mpactivation.benchmarks;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringResult;

/**
 * An {@link AwsMetering} that passes every call on to the real adapter and counts what came of it:
 * calls, throttled calls, records left unprocessed, and the time spent in the calls (SDK, signing,
 * JSON and HTTP on both ends).
 */
final class InstrumentedMetering implements AwsMetering {

    private final AwsMetering delegate;
    private final LongAdder calls = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder otherFailures = new LongAdder();
    private final LongAdder unprocessed = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    InstrumentedMetering(AwsMetering delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public MeteringResult batchMeterUsage(String productCode, List<MeteringLine> lines) {
        calls.increment();
        long start = System.nanoTime();
        try {
            MeteringResult result = delegate.batchMeterUsage(productCode, lines);
            unprocessed.add(result.unprocessed().size());
            return result;
        } catch (MarketplaceThrottledException e) {
            throttled.increment();
            throw e;
        } catch (RuntimeException e) {
            otherFailures.increment();
            throw e;
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    long calls() {
        return calls.sum();
    }

    long throttled() {
        return throttled.sum();
    }

    long otherFailures() {
        return otherFailures.sum();
    }

    long unprocessed() {
        return unprocessed.sum();
    }

    long nanos() {
        return nanos.sum();
    }
}
