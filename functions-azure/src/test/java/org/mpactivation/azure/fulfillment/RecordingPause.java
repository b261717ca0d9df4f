package org.mpactivation.azure.fulfillment;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mpactivation.port.out.Pause;

/** Records the waits instead of waiting; its monotonic time moves by what was waited. */
final class RecordingPause implements Pause {

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private volatile long nanos;

    @Override
    public void sleep(Duration duration) {
        waits.add(duration);
        nanos += duration.toNanos();
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    List<Duration> waits() {
        return List.copyOf(waits);
    }
}
