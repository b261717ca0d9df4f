package org.mpactivation.simulator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Programmed faults: errors the next calls of an operation get, errors every call gets for a period of the
 * simulator's clock, operations switched off, and usage records left unprocessed. Faults for the next calls
 * are consumed in the order they were programmed. Thread-safe.
 *
 * <p>Faults apply after the request passed the signature check and before its content is read, like an
 * overloaded or failing service would answer.
 */
public final class FaultPlan {

    private final Map<AwsOperation, Deque<MarketplaceError>> nextErrors = new EnumMap<>(AwsOperation.class);
    private final Set<AwsOperation> disabled = EnumSet.noneOf(AwsOperation.class);
    private final List<Period> periods = new ArrayList<>();
    private final Clock clock;
    private int recordsToLeaveUnprocessed;

    /** An error every call of an operation gets until a moment of the simulator's clock. */
    private record Period(AwsOperation operation, MarketplaceError error, Instant until) {
    }

    FaultPlan(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The next {@code calls} calls of the operation are answered with {@code AccessDeniedException}, as when
     * the seller's credentials lost the permission (an outage of our configuration, not of AWS).
     */
    public FaultPlan denyAccessNext(AwsOperation operation, int calls) {
        return failNext(operation, MarketplaceError.ACCESS_DENIED, calls);
    }

    /** Every call of the operation is answered with {@code error} for {@code period} of the simulator's clock, from now. */
    public synchronized FaultPlan failFor(AwsOperation operation, MarketplaceError error, Duration period) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(error, "error");
        if (period.isNegative()) {
            throw new IllegalArgumentException("the period must not be negative");
        }
        periods.add(new Period(operation, error, clock.instant().plus(period)));
        return this;
    }

    /** Every call of the operation is answered with {@code AccessDeniedException} for {@code period}, from now. */
    public FaultPlan denyAccessFor(AwsOperation operation, Duration period) {
        return failFor(operation, MarketplaceError.ACCESS_DENIED, period);
    }

    /** The next {@code calls} calls of the operation are answered with {@code ThrottlingException}. */
    public FaultPlan throttleNext(AwsOperation operation, int calls) {
        return failNext(operation, MarketplaceError.THROTTLING, calls);
    }

    /** The next call of the operation is answered with {@code error}. */
    public FaultPlan failNext(AwsOperation operation, MarketplaceError error) {
        return failNext(operation, error, 1);
    }

    /** The next {@code calls} calls of the operation are answered with {@code error}. */
    public synchronized FaultPlan failNext(AwsOperation operation, MarketplaceError error, int calls) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(error, "error");
        if (calls < 0) {
            throw new IllegalArgumentException("calls must not be negative");
        }
        Deque<MarketplaceError> queue = nextErrors.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int i = 0; i < calls; i++) {
            queue.addLast(error);
        }
        return this;
    }

    /** Every call of the operation is answered with {@code DisabledApiException} until {@link #enable}. */
    public synchronized FaultPlan disable(AwsOperation operation) {
        disabled.add(Objects.requireNonNull(operation, "operation"));
        return this;
    }

    public synchronized FaultPlan enable(AwsOperation operation) {
        disabled.remove(operation);
        return this;
    }

    /**
     * The next {@code records} usage records that BatchMeterUsage would otherwise process (counted across
     * calls, in request order) are returned in {@code UnprocessedRecords} instead, as after a transient
     * service-side failure. They are not billed; sending them again processes them.
     */
    public synchronized FaultPlan leaveUnprocessedNext(int records) {
        if (records < 0) {
            throw new IllegalArgumentException("records must not be negative");
        }
        recordsToLeaveUnprocessed += records;
        return this;
    }

    /** The number of programmed errors still waiting for the operation. */
    public synchronized int pendingErrors(AwsOperation operation) {
        Deque<MarketplaceError> queue = nextErrors.get(operation);
        return queue == null ? 0 : queue.size();
    }

    /** The number of usage records still to be left unprocessed. */
    public synchronized int pendingUnprocessedRecords() {
        return recordsToLeaveUnprocessed;
    }

    /** Removes every programmed fault and re-enables every operation. */
    public synchronized void clear() {
        nextErrors.clear();
        disabled.clear();
        periods.clear();
        recordsToLeaveUnprocessed = 0;
    }

    /** The fault the current call of the operation gets, if any (consuming it). */
    synchronized Optional<MarketplaceError> takeFor(AwsOperation operation) {
        if (disabled.contains(operation)) {
            return Optional.of(MarketplaceError.DISABLED_API);
        }
        Instant now = clock.instant();
        periods.removeIf(period -> !now.isBefore(period.until()));
        for (Period period : periods) {
            if (period.operation() == operation) {
                return Optional.of(period.error());
            }
        }
        Deque<MarketplaceError> queue = nextErrors.get(operation);
        return queue == null ? Optional.empty() : Optional.ofNullable(queue.pollFirst());
    }

    /** Whether the record being processed now is to be left unprocessed (consuming one). */
    synchronized boolean takeUnprocessed() {
        if (recordsToLeaveUnprocessed > 0) {
            recordsToLeaveUnprocessed--;
            return true;
        }
        return false;
    }
}
