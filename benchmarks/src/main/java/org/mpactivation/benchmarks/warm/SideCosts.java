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
    private long total;

    synchronized void add(String kind, long nanos) {
        samples.computeIfAbsent(kind, k -> new ArrayList<>()).add(nanos);
        total += nanos;
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
    }
}
