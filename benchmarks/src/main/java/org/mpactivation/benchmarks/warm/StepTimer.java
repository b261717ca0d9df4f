package org.mpactivation.benchmarks.warm;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Times each request of a walk as a named step: its wall-clock time, and its own time without what the
 * decorated ports ({@link SideCosts}) took meanwhile. Records nothing while {@link #latencies} is null
 * (the warm-up).
 */
final class StepTimer {

    private final SideCosts costs;
    private Latencies latencies;
    private DynamoDbCalls calls;
    private StoreCallTable callTable;

    StepTimer(SideCosts costs) {
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    /** Garbage collections of this JVM so far (every collector). */
    static long collections() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    /** Time spent in garbage collections so far, in milliseconds. */
    static long collectionMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** Starts recording into {@code target}; null stops recording. */
    void recordInto(Latencies target) {
        latencies = target;
    }

    /** Also adds each step's DynamoDB calls (as {@code calls} counts them) to {@code table}; nulls stop it. */
    void countInto(DynamoDbCalls calls, StoreCallTable table) {
        this.calls = calls;
        this.callTable = table;
    }

    <T> T time(String step, Supplier<T> request) {
        long readsBefore = calls == null ? 0 : calls.reads();
        long writesBefore = calls == null ? 0 : calls.writes();
        long collectionsBefore = collections();
        long sideBefore = costs.total();
        long sideCpuBefore = costs.totalCpu();
        long cpu = SideCosts.cpuNow();
        long start = System.nanoTime();
        T result = request.get();
        long elapsed = System.nanoTime() - start;
        long ownCpu = SideCosts.cpuNow() - cpu - (costs.totalCpu() - sideCpuBefore);
        long side = costs.total() - sideBefore;
        if (latencies != null) {
            latencies.add(step, elapsed, elapsed - side, ownCpu, collections() != collectionsBefore);
        }
        if (callTable != null) {
            callTable.add(step, calls.reads() - readsBefore, calls.writes() - writesBefore);
        }
        return result;
    }
}
