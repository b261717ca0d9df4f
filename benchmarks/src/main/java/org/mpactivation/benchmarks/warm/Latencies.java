package org.mpactivation.benchmarks.warm;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Latency samples per step, each twice: the request's wall-clock time, and its own time (the same minus
 * what the decorated ports took during it: hashing, outbound calls). Prints p50/p99/max in milliseconds.
 */
final class Latencies {

    /** The target of the warm path: p99 of a step's own time, in milliseconds. */
    static final double TARGET_P99_MS = 5.0;

    private final Map<String, Series> steps = new LinkedHashMap<>();

    /** @param collected whether a garbage collection ran during the request */
    void add(String step, long totalNanos, long ownNanos, long ownCpuNanos, boolean collected) {
        Series series = steps.computeIfAbsent(step, s -> new Series());
        series.total.add(totalNanos);
        series.own.add(ownNanos);
        series.ownCpu.add(ownCpuNanos);
        if (!collected) {
            series.ownWithoutGc.add(ownNanos);
        }
    }

    void clear() {
        steps.clear();
    }

    /** The steps whose own p99 misses the target. */
    java.util.List<String> missing() {
        return steps.entrySet().stream().filter(e -> e.getValue().own.percentile(99) / 1e6 > TARGET_P99_MS)
                .map(Map.Entry::getKey).toList();
    }

    /** The steps whose own CPU-time p99 misses the target. */
    java.util.List<String> missingOnCpu() {
        return steps.entrySet().stream().filter(e -> e.getValue().ownCpu.percentile(99) / 1e6 > TARGET_P99_MS)
                .map(Map.Entry::getKey).toList();
    }

    void print(PrintStream out, String ownMeaning) {
        out.printf(Locale.ROOT, "  %-44s %6s  %8s %8s %8s   %8s %8s %8s   %6s %9s   %7s %7s%n", "step (ms)", "n", "p50",
                "p99", "max", "own p50", "own p99", "own max", "w/ GC", "p99 no GC", "cpu p50", "cpu p99");
        steps.forEach((step, s) -> out.printf(Locale.ROOT,
                "  %-44s %6d  %8.2f %8.2f %8.2f   %8.2f %8.2f %8.2f   %6d %9.2f   %7.2f %7.2f%s%n",
                step, s.total.size(), ms(s.total.percentile(50)), ms(s.total.percentile(99)), ms(s.total.max()),
                ms(s.own.percentile(50)), ms(s.own.percentile(99)), ms(s.own.max()),
                s.own.size() - s.ownWithoutGc.size(), ms(s.ownWithoutGc.percentile(99)),
                ms(s.ownCpu.percentile(50)), ms(s.ownCpu.percentile(99)),
                ms(s.own.percentile(99)) > TARGET_P99_MS ? "   > " + TARGET_P99_MS + " ms" : ""));
        out.println("  own = " + ownMeaning);
        out.println("  w/ GC = requests during which a garbage collection ran; p99 no GC = own p99 of the others;"
                + " cpu = own CPU time of the request's thread (the same subtracted): the work, without the waits"
                + " for a core that a loaded machine adds");
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** A growing array of samples. */
    static final class Samples {
        private long[] values = new long[256];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        /** The nearest-rank percentile (0 when empty). */
        long percentile(double p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * size);
            return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
        }

        long max() {
            return percentile(100);
        }

        static Samples of(long[] values) {
            Samples samples = new Samples();
            for (long value : values) {
                samples.add(value);
            }
            return samples;
        }
    }

    private static final class Series {
        final Samples total = new Samples();
        final Samples own = new Samples();
        final Samples ownWithoutGc = new Samples();
        final Samples ownCpu = new Samples();
    }
}
