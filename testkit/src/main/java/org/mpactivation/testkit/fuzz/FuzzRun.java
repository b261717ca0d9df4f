package org.mpactivation.testkit.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Runs a fuzz property over many generated cases from one seed, so that a failure can be replayed:
 * the seed comes from {@code -Dfuzz.seed=N} (else from the time), the case count from
 * {@code -Dfuzz.cases=N} (else the suite's own). Every case gets its own {@link Random}, derived from
 * the run's seed, so a case's input does not depend on how much an earlier case drew. All cases run;
 * the first failures are reported together with the seed and the case number, and the run prints
 * one summary line ({@code fuzz <name>: 1000 cases, 0 failures, seed 123}) to stdout.
 */
public final class FuzzRun {

    /** One generated case: draws its input from {@code random} and asserts the properties. */
    @FunctionalInterface
    public interface Case {
        void check(Random random, int index) throws Exception;
    }

    private static final int FAILURES_SHOWN = 5;

    private final Map<String, Integer> tally = new java.util.TreeMap<>();
    private final String name;
    private final int cases;
    private final long seed;

    private FuzzRun(String name, int cases, long seed) {
        this.name = name;
        this.cases = cases;
        this.seed = seed;
    }

    /** A run of at least {@code defaultCases} cases (more if {@code -Dfuzz.cases} says so). */
    public static FuzzRun of(String name, int defaultCases) {
        int cases = Integer.getInteger("fuzz.cases", defaultCases);
        Long fixed = Long.getLong("fuzz.seed");
        long seed = fixed != null ? fixed : System.nanoTime() ^ Double.doubleToLongBits(Math.random());
        return new FuzzRun(name, cases, seed);
    }

    /** Counts one outcome (e.g. a status), printed with the summary: shows which paths the cases reached. */
    public synchronized void count(String outcome) {
        tally.merge(outcome, 1, Integer::sum);
    }

    public long seed() {
        return seed;
    }

    public int cases() {
        return cases;
    }

    /**
     * Runs every case; throws an {@link AssertionError} naming the seed and the failed cases if any
     * failed, after printing the summary line.
     *
     * @return the number of cases run
     */
    public int run(Case property) {
        Random seeds = new Random(seed);
        Map<String, String> firstOfKind = new LinkedHashMap<>();
        Map<String, Integer> countOfKind = new LinkedHashMap<>();
        int failed = 0;
        long started = System.nanoTime();
        for (int index = 0; index < cases; index++) {
            Random random = new Random(seeds.nextLong());
            try {
                property.check(random, index);
            } catch (Exception | AssertionError failure) {
                failed++;
                String kind = kindOf(failure);
                countOfKind.merge(kind, 1, Integer::sum);
                if (firstOfKind.size() < FAILURES_SHOWN) {
                    firstOfKind.putIfAbsent(kind, "case " + index + ": " + describe(failure));
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("fuzz " + name + ": " + cases + " cases, " + failed + " failures, seed " + seed
                + " (" + millis + " ms)" + (tally.isEmpty() ? "" : ", outcomes " + tally));
        if (failed > 0) {
            throw new AssertionError("fuzz " + name + ": " + failed + " of " + cases + " cases failed, seed " + seed
                    + " (replay with -Dfuzz.seed=" + seed + ")\nfailures by kind: " + countOfKind + "\nthe first of each kind:\n"
                    + String.join("\n", firstOfKind.values()));
        }
        return cases;
    }

    /** What kind of failure this is: the message up to the request it names, so that repeats group. */
    private static String kindOf(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        int cut = message.indexOf(" for ");
        int colon = message.indexOf(':');
        if (cut < 0 || (colon > 0 && colon < cut)) {
            cut = colon;
        }
        String head = cut > 0 ? message.substring(0, cut) : message;
        return failure.getClass().getSimpleName() + ": " + (head.length() > 80 ? head.substring(0, 80) : head);
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (!(failure instanceof AssertionError)) {
            StackTraceElement[] trace = failure.getStackTrace();
            for (int i = 0; i < Math.min(8, trace.length); i++) {
                text += "\n    at " + trace[i];
            }
        }
        return text.length() > 4_000 ? text.substring(0, 4_000) + "…" : text;
    }
}
