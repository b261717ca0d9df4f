package org.mpactivation.azure.http;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mpactivation.observability.RequestContext;

/**
 * A fetch started ahead of the call that needs it, on a daemon thread of its own, in the request context of
 * the thread that started it; at most one runs at a time. It never fails its starter: a fetch that fails has
 * logged why, and the call that needs its result fetches again.
 */
public final class ReadAhead {

    private final String threadName;
    private final AtomicBoolean running = new AtomicBoolean();

    public ReadAhead(String threadName) {
        this.threadName = threadName;
    }

    /** Runs {@code fetch} on its own thread, unless the previous one is still running. */
    public void start(Runnable fetch) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Callable<Void> carried = RequestContext.carried(() -> {
            fetch.run();
            return null;
        });
        Thread thread = new Thread(() -> {
            try {
                carried.call();
            } catch (Exception failed) {
                // the fetch logged it; the call that needs the result fetches again
            } finally {
                running.set(false);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }
}
