package org.mpactivation.benchmarks.warm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time spent inside decorated ports (the password hash, calls to a marketplace or Entra), kept by kind,
 * so that a step's own time is its wall-clock time minus what these took during it. The walks run on one
 * thread, so "during it" is the difference of {@link #total()} before and after the request.
 */
final class SideCosts {

    private final Map<String, List<Long>> samples = new LinkedHashMap<>();
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private long total;
    private long totalCpu;

    /** The CPU time of the calling thread so far, in nanoseconds (what it ran, not what it waited for a core). */
    static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }

    synchronized void add(String kind, long nanos) {
        add(kind, nanos, 0);
    }

    /** A side cost of {@code nanos} wall-clock time, of which the calling thread ran {@code cpuNanos}. */
    synchronized void add(String kind, long nanos, long cpuNanos) {
        samples.computeIfAbsent(kind, k -> new ArrayList<>()).add(nanos);
        total += nanos;
        totalCpu += cpuNanos;
    }

    /** The CPU time of the calling threads inside the side costs so far. */
    synchronized long totalCpu() {
        return totalCpu;
    }

    /** Everything recorded so far, of every kind. */
    synchronized long total() {
        return total;
    }

    /** The samples of one kind, in nanoseconds. */
    synchronized long[] samples(String kind) {
        return samples.getOrDefault(kind, List.of()).stream().mapToLong(Long::longValue).toArray();
    }

    synchronized void clear() {
        samples.clear();
        total = 0;
        totalCpu = 0;
    }
}
