package org.mpactivation.benchmarks.warm;

import java.io.PrintStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mpactivation.adapter.security.Argon2PasswordHasher;
import org.mpactivation.port.out.PasswordHasher;

/**
 * The cost of the production password hasher on its own: N hashes, then N verifies, after a warm-up, with
 * the parameters read from the hashes it writes, checked against the OWASP Password Storage Cheat Sheet's
 * minimum for Argon2id (19 MiB memory, 2 iterations, 1 lane, or one of its equivalent pairs).
 */
public final class HashingBenchmark {

    /** OWASP's equivalent minimum configurations, p=1: {memory KiB, iterations}. */
    static final int[][] OWASP_MINIMUMS = {{47_104, 1}, {19_456, 2}, {12_288, 3}, {9_216, 4}, {7_168, 5}};
    private static final Pattern PARAMETERS = Pattern.compile("^\\$argon2id\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");
    private static final String PASSWORD = "correct horse 42";

    private HashingBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        System.exit(run(n, System.out) ? 0 : 1);
    }

    /** Times {@code n} hashes and {@code n} verifies; false if the parameters are below OWASP's minimum. */
    public static boolean run(int n, PrintStream out) {
        SideCosts costs = new SideCosts();
        PasswordHasher hasher = new TimedPasswordHasher(new Argon2PasswordHasher(), costs);
        for (int i = 0; i < 5; i++) {
            hasher.matches(PASSWORD, hasher.hash(PASSWORD));
        }
        costs.clear();
        String hash = null;
        for (int i = 0; i < n; i++) {
            hash = hasher.hash(PASSWORD);
        }
        for (int i = 0; i < n; i++) {
            if (!hasher.matches(PASSWORD, hash)) {
                throw new IllegalStateException("the hasher does not verify its own hash");
            }
        }
        boolean meets = meetsOwasp(hash);
        out.printf(Locale.ROOT, "Argon2id password hashing (%s), %d hashes and %d verifies on one thread:%n",
                parameters(hash), n, n);
        printSamples(out, costs);
        out.println("  OWASP Password Storage Cheat Sheet minimum for Argon2id: m=19456 KiB (19 MiB), t=2, p=1 (or"
                + " 46 MiB/t=1, 12 MiB/t=3, 9 MiB/t=4, 7 MiB/t=5): " + (meets ? "met" : "NOT MET"));
        return meets;
    }

    /** The production hasher's parameters, as written into its hashes. */
    static String parameters() {
        return parameters(new Argon2PasswordHasher().hash(PASSWORD));
    }

    static String parameters(String hash) {
        Matcher m = PARAMETERS.matcher(hash);
        if (!m.find()) {
            return "unreadable parameters";
        }
        int memory = Integer.parseInt(m.group(2));
        return String.format(Locale.ROOT, "Argon2id v=%s, m=%d KiB (%.0f MiB), t=%s, p=%s", m.group(1), memory,
                memory / 1024.0, m.group(3), m.group(4));
    }

    static boolean meetsOwasp(String hash) {
        Matcher m = PARAMETERS.matcher(hash);
        if (!m.find()) {
            return false;
        }
        int memory = Integer.parseInt(m.group(2));
        int iterations = Integer.parseInt(m.group(3));
        int lanes = Integer.parseInt(m.group(4));
        for (int[] minimum : OWASP_MINIMUMS) {
            if (lanes >= 1 && memory >= minimum[0] && iterations >= minimum[1]) {
                return true;
            }
        }
        return false;
    }

    /** The hash and verify samples recorded so far, one line each. */
    static void printSamples(PrintStream out, SideCosts costs) {
        for (String kind : new String[] {TimedPasswordHasher.HASH, TimedPasswordHasher.VERIFY}) {
            Latencies.Samples samples = Latencies.Samples.of(costs.samples(kind));
            long sum = 0;
            for (long value : costs.samples(kind)) {
                sum += value;
            }
            out.printf(Locale.ROOT, "  %-44s %6d  %8.2f %8.2f %8.2f   (mean %.2f ms)%n", "(" + kind + ", each)",
                    samples.size(), Latencies.ms(samples.percentile(50)), Latencies.ms(samples.percentile(99)),
                    Latencies.ms(samples.max()), samples.size() == 0 ? 0 : Latencies.ms(sum / samples.size()));
        }
    }
}
