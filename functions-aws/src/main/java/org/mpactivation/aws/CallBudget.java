package org.mpactivation.aws;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.mpactivation.adapter.aws.AwsHttp;

/**
 * The time one API call may take in all, its retries included: what the SDK clients' {@code apiCallTimeout}
 * gave the functions. A caller opens a {@link Scope} around one call; this transport refuses to start an
 * attempt once the scope's time is spent (the client then gives up with no answer), and an attempt already
 * sent is bounded by the transport's own read timeout. So a call ends at most one attempt after its budget,
 * and never starts a retry it has no time for.
 */
public final class CallBudget implements AwsHttp {

    /** The budget of the functions' marketplace calls, as their SDK clients had it. */
    public static final Duration MARKETPLACE_CALL = Duration.ofSeconds(10);

    private final AwsHttp delegate;
    private final long budgetNanos;
    private final ThreadLocal<Long> deadline = new ThreadLocal<>();

    public CallBudget(AwsHttp delegate, Duration budget) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.budgetNanos = budget.toNanos();
    }

    /** Starts the budget of one call on this thread; close it when the call is over. */
    public Scope open() {
        Long outer = deadline.get();
        deadline.set(System.nanoTime() + budgetNanos);
        return () -> {
            if (outer == null) {
                deadline.remove();
            } else {
                deadline.set(outer);
            }
        };
    }

    @Override
    public Response send(Request request) throws IOException {
        Long until = deadline.get();
        if (until != null && System.nanoTime() - until >= 0) {
            throw new IOException("the call's budget of " + budgetNanos / 1_000_000 + " ms is spent");
        }
        return delegate.send(request);
    }

    /** One call's budget. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
