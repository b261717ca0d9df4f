package org.mpactivation.simulator.azure;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Programmed faults: answers the next calls of an API get instead of their real answer, consumed in the order
 * they were programmed. Faults apply after the api-version and bearer-token checks and before the body is read,
 * like an overloaded or failing service would answer. Thread-safe.
 */
public final class AzureFaultPlan {

    private final Map<AzureApi, Deque<AzureFault>> next = new EnumMap<>(AzureApi.class);

    /** The next {@code calls} calls of the API answer 429 with {@code Retry-After} in whole seconds. */
    public AzureFaultPlan throttleNext(AzureApi api, int calls, Duration retryAfter) {
        return failNext(api, AzureFault.throttled(retryAfter), calls);
    }

    /** The next {@code calls} calls of the API answer 500. */
    public AzureFaultPlan failNext(AzureApi api, int calls) {
        return failNext(api, AzureFault.internalError(), calls);
    }

    /** The next {@code calls} calls of the API answer 403, as with a token of another application. */
    public AzureFaultPlan denyNext(AzureApi api, int calls) {
        return failNext(api, AzureFault.forbidden(), calls);
    }

    public synchronized AzureFaultPlan failNext(AzureApi api, AzureFault fault, int calls) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(fault, "fault");
        if (calls < 0) {
            throw new IllegalArgumentException("calls must not be negative");
        }
        Deque<AzureFault> queue = next.computeIfAbsent(api, k -> new ArrayDeque<>());
        for (int i = 0; i < calls; i++) {
            queue.addLast(fault);
        }
        return this;
    }

    public synchronized int pending(AzureApi api) {
        Deque<AzureFault> queue = next.get(api);
        return queue == null ? 0 : queue.size();
    }

    public synchronized void clear() {
        next.clear();
    }

    synchronized Optional<AzureFault> take(AzureApi api) {
        Deque<AzureFault> queue = next.get(api);
        return queue == null ? Optional.empty() : Optional.ofNullable(queue.pollFirst());
    }
}
