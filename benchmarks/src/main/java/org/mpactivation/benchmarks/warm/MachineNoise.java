package org.mpactivation.benchmarks.warm;

import java.util.Locale;

/**
 * How much a shared machine stretches a fixed piece of work: the same ~0.3 ms of arithmetic timed many
 * times. Its p99 over its p50 is the delay the scheduler adds (other processes on the same cores), which
 * a request's p99 cannot be told apart from.
 */
final class MachineNoise {

    private MachineNoise() {
    }

    /** "fixed work: p50 … ms, p99 … ms, max … ms" over {@code n} runs. */
    static String measure(int n) {
        Latencies.Samples samples = new Latencies.Samples();
        long sink = 0;
        for (int i = 0; i < n + n / 5; i++) {
            long start = System.nanoTime();
            sink += work(i);
            if (i >= n / 5) {
                samples.add(System.nanoTime() - start);
            }
        }
        return String.format(Locale.ROOT, "the same fixed work (no I/O, no allocation) timed %,d times: p50 %.2f ms,"
                + " p99 %.2f ms, max %.2f ms%s", n, Latencies.ms(samples.percentile(50)),
                Latencies.ms(samples.percentile(99)), Latencies.ms(samples.max()), sink == 42 ? " " : "");
    }

    private static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 300_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
