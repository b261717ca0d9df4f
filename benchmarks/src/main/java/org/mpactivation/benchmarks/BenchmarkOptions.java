package org.mpactivation.benchmarks;

import java.util.Locale;
import org.mpactivation.application.RateLimiter;

/**
 * The command line of {@link MeteringBenchmark}: {@code [N] [--store=memory|dynalite] [--quota=Q]
 * [--rate=R] [--seed-threads=T]}.
 *
 * @param subscriptions how many ACTIVE subscriptions to seed and meter
 * @param store         where the items live: {@code memory} or {@code dynalite}
 * @param quota         the simulator's BatchMeterUsage quota in calls per second; 0 for none
 * @param rate          the metering run's own rate limit in calls per second (the production setting
 *                      {@code METERING_CALLS_PER_SECOND} times {@link RateLimiter#QUOTA_SHARE}); by default as deployed,
 *                      unlimited without a quota
 * @param seedThreads   threads that seed the store (the seeding is not measured)
 */
record BenchmarkOptions(int subscriptions, String store, int quota, double rate, int seedThreads) {

    static final int DEFAULT_SUBSCRIPTIONS = 2000;
    static final int DEFAULT_QUOTA = 10;
    /** The limiter's rate when there is no quota: high enough never to wait. */
    static final double UNLIMITED_RATE = 1_000_000;

    static final String USAGE = String.join("\n",
            "usage: MeteringBenchmark [N] [--store=memory|dynalite] [--quota=Q] [--rate=R] [--seed-threads=T]",
            "  N               subscriptions to meter, 3 dimensions each (default " + DEFAULT_SUBSCRIPTIONS + ")",
            "  --store         memory (default) or dynalite (needs node and the npm-installed dynalite)",
            "  --quota         the local marketplace's BatchMeterUsage quota, calls/s (default "
                    + DEFAULT_QUOTA + ", the documented one; 0: none)",
            "  --rate          the metering run's rate limit, calls/s (default: as deployed, 95 % of the quota)",
            "  --seed-threads  threads seeding the store (default 4 for dynalite, 1 in memory)");

    static BenchmarkOptions parse(String... args) {
        int subscriptions = DEFAULT_SUBSCRIPTIONS;
        String store = "memory";
        int quota = DEFAULT_QUOTA;
        Double rate = null;
        Integer seedThreads = null;
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            if (!arg.startsWith("--")) {
                subscriptions = positiveInt("N", arg);
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg + "\n" + USAGE);
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "store" -> {
                    store = value.toLowerCase(Locale.ROOT);
                    if (!store.equals("memory") && !store.equals("dynalite")) {
                        throw new IllegalArgumentException("--store is memory or dynalite, got " + value);
                    }
                }
                case "quota" -> {
                    quota = nonNegativeInt("--quota", value);
                }
                case "rate" -> {
                    try {
                        rate = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        rate = -1.0;
                    }
                    if (!(rate > 0)) {
                        throw new IllegalArgumentException("--rate must be a positive number, got " + value);
                    }
                }
                case "seed-threads" -> seedThreads = positiveInt("--seed-threads", value);
                default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
        }
        double limiterRate = rate != null ? rate : quota > 0 ? quota * RateLimiter.QUOTA_SHARE : UNLIMITED_RATE;
        int threads = seedThreads != null ? seedThreads : store.equals("dynalite") ? 4 : 1;
        return new BenchmarkOptions(subscriptions, store, quota, limiterRate, threads);
    }

    private static int positiveInt(String what, String value) {
        int parsed = nonNegativeInt(what, value);
        if (parsed == 0) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return parsed;
    }

    private static int nonNegativeInt(String what, String value) {
        try {
            int parsed = Integer.parseInt(value.replace("_", ""));
            if (parsed < 0) {
                throw new IllegalArgumentException(what + " must not be negative, got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got " + value + "\n" + USAGE);
        }
    }
}
