package org.mpactivation.benchmarks.warm;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** DynamoDB reads and writes per named request, added up over the times it ran; printed as averages. */
final class StoreCallTable {

    private final Map<String, long[]> rows = new LinkedHashMap<>();

    /** One run of {@code step}: the reads and writes it made. */
    synchronized void add(String step, long reads, long writes) {
        long[] row = rows.computeIfAbsent(step, s -> new long[3]);
        row[0] += reads;
        row[1] += writes;
        row[2]++;
    }

    /** The reads (or writes) of every request, added up. */
    synchronized double total(boolean reads) {
        return rows.values().stream().mapToLong(row -> reads ? row[0] : row[1]).sum();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * Prints each request's reads and writes (averaged over its runs) and the total of one walk.
     *
     * @param walks how many walks the table adds up (each request ran once per walk, or as often as it did)
     */
    void print(PrintStream out, String title, int walks) {
        out.printf(Locale.ROOT, "%n%s%n  %-50s %7s %7s%n", title, "", "reads", "writes");
        double reads = 0;
        double writes = 0;
        for (Map.Entry<String, long[]> e : rows.entrySet()) {
            long[] row = e.getValue();
            double perWalkReads = (double) row[0] / walks;
            double perWalkWrites = (double) row[1] / walks;
            reads += perWalkReads;
            writes += perWalkWrites;
            String times = row[2] == walks ? "" : String.format(Locale.ROOT, " (x%.1f)", (double) row[2] / walks);
            out.printf(Locale.ROOT, "  %-50s %7s %7s%n", e.getKey() + times, number(perWalkReads),
                    number(perWalkWrites));
        }
        out.printf(Locale.ROOT, "  %-50s %7s %7s%n", "total", number(reads), number(writes));
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
