package org.mpactivation.benchmarks;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.store.CountingItemStore;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.DynamoDbTables;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.Backoff;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.application.RateLimiter;
import org.mpactivation.application.SubscriptionBinding;
import org.mpactivation.application.UsageIntake;
import org.mpactivation.aws.metering.JsonAwsMetering;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.observability.log.JsonLog;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.MeteringRecord;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import org.mpactivation.testkit.Dynalite;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;
import org.slf4j.event.Level;

/**
 * Meters N subscriptions × 3 dimensions through the real hourly run against the local AWS
 * Marketplace, with its BatchMeterUsage quota enforced, and prints the throughput and what 100,000
 * subscriptions would take. A benchmark, not a test: run it by hand (see the module's README).
 *
 * <p>What is real: {@link HourlyMetering} as production wires it, the SDK adapter
 * ({@link JsonAwsMetering}, one BatchMeterUsage HTTP call per batch of at most 25 records, SigV4, AWS
 * JSON 1.1), the {@link RateLimiter} sleeping for real, the backoff after throttling, and the
 * store (in memory, or dynalite). The simulator answers ThrottlingException beyond its quota, so a
 * limiter set faster than the quota shows up as throttled calls. Seeding (N ACTIVE subscriptions,
 * each with one bound workspace and usage in 3 dimensions for one closed hour) goes through the
 * repositories and use cases directly and is not measured.
 */
public final class MeteringBenchmark {

    static final String PRODUCT_CODE = "benchmark-product";
    /** Usage dimension (what workspaces report) to marketplace dimension (what the listing declares). */
    static final Map<String, String> DIMENSIONS = orderedMap(
            "api_calls", "requests", "hosts", "hosts", "gigabytes", "storage");
    static final Duration METERING_WINDOW = Duration.ofHours(6);

    /** The scale the README's explanation is about. */
    static final int TARGET_SUBSCRIPTIONS = 100_000;
    /** The schedule: a run every 15 minutes, one at a time, each stopping after 13 minutes. */
    static final Duration SCHEDULE_INTERVAL = Duration.ofMinutes(15);
    static final Duration RUN_BUDGET = Duration.ofMinutes(13);

    private static final String TABLE = "metering-benchmark";

    private MeteringBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        systemProperties();
        if (args.length > 0 && args[0].equals("--chaos")) {
            // the chaos run: MeteringChaos [N] [memory|dynalite] [seed]
            MeteringChaos.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchmarkOptions.USAGE);
            return;
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out) ? 0 : 1);
    }

    /** Settings of this JVM; anything set with -D on the command line wins. */
    private static void systemProperties() {
        // The simulator runs on the JDK's built-in HTTP server, which leaves Nagle's algorithm on: with
        // calls back to back, a response written in parts then waits for the client's delayed ACK
        // (measured here: about 50 ms a call without the quota, about 20 ms with this setting).
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // Throttled calls are counted and printed; a warning line for each would drown the figures.
        JsonLog.setLevel(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.WARN);
        JsonLog.setLevel("org.mpactivation.aws.metering", Level.ERROR);
        JsonLog.setLevel("org.mpactivation.application", Level.ERROR);
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Runs the benchmark and prints its figures; false if any record did not arrive exactly once. */
    static boolean run(BenchmarkOptions options, PrintStream out) throws Exception {
        int n = options.subscriptions();
        Instant realStart = Instant.now();
        // The hour metered: seeded at 5 minutes past it; the run's clock stands 80 minutes past it
        // (closed 15 minutes after its end, as production waits) and runs on in real time.
        Instant hour = realStart.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        Clock seedClock = Clock.fixed(hour.plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        Clock runClock = Clock.offset(Clock.systemUTC(),
                Duration.between(realStart, hour.plus(Duration.ofMinutes(80))));

        out.printf(Locale.ROOT, "Metering benchmark: %,d subscriptions x %d dimensions, store %s, quota %s,"
                        + " rate limiter %s calls/s%n", n, DIMENSIONS.size(), options.store(),
                options.quota() > 0 ? options.quota() + " calls/s" : "none", rateText(options.rate()));

        try (Backends backends = Backends.open(options.store(), runClock);
             AwsMarketplaceSimulator marketplace = AwsMarketplaceSimulator.builder()
                     .clock(runClock)
                     .callsPerSecond(AwsOperation.BATCH_METER_USAGE, options.quota())
                     .start()) {
            JsonAwsMetering client = JsonAwsMetering.create("us-east-1", AwsCredentialSource.fixed(
                    new AwsCredentials("benchmark", "benchmark", null, null)), marketplace.endpoint(),
                    UrlConnectionAwsHttp.standard());
            marketplace.product(PRODUCT_CODE).dimensions(DIMENSIONS.values().toArray(String[]::new));
            CountingItemStore counting = new CountingItemStore(backends.store());
            TimedItemStore store = new TimedItemStore(counting);

            long seedStart = System.nanoTime();
            Map<String, Integer> expected = seed(n, options.seedThreads(), marketplace, store, seedClock, hour);
            out.printf(Locale.ROOT, "seeded %,d ACTIVE subscriptions (1 bound workspace, %d usage records each)"
                            + " in %.1f s; metering the hour %s%n", n, DIMENSIONS.size(),
                    seconds(System.nanoTime() - seedStart), hour);

            InstrumentedMetering metering = new InstrumentedMetering(client);
            TimedPause limiterPause = new TimedPause(Pause.REAL);
            TimedPause backoffPause = new TimedPause(Pause.REAL);
            HourlyMetering hourly = hourlyMetering(store, metering, new RateLimiter(options.rate(), limiterPause),
                    backoffPause, runClock);
            warmUp(client, marketplace);

            counting.reset();
            store.reset();
            long callsBefore = marketplace.callCount(AwsOperation.BATCH_METER_USAGE);
            long runStart = System.nanoTime();
            HourlyMetering.Report report = hourly.run();
            long elapsed = System.nanoTime() - runStart;
            long simulatorCalls = marketplace.callCount(AwsOperation.BATCH_METER_USAGE) - callsBefore;
            Map<CountingItemStore.Operation, Long> storeCalls = counting.counts();

            List<MeteringRecord> records = marketplace.meteringRecords();
            HourlyMetering.Report second = hourly.run();
            boolean exactlyOnce = check(out, n, hour, expected, records, report, second,
                    marketplace.meteringRecords().size());

            print(out, options, n, report, metering, simulatorCalls, elapsed, storeCalls,
                    store.nanos(), limiterPause.nanos(), backoffPause.nanos());
            return exactlyOnce;
        }
    }

    // ---- seeding

    /**
     * Registers N buyers with the local marketplace and activates their subscriptions through the
     * use cases: subscription stored, claimed and activated (which starts its metering state), one
     * workspace created and bound, usage of the hour in each dimension accepted by the usage intake.
     *
     * @return the quantity each (licence, marketplace dimension) must be billed
     */
    private static Map<String, Integer> seed(int n, int threads, AwsMarketplaceSimulator marketplace,
                                             ItemStore store, Clock clock, Instant hour) throws Exception {
        List<SimulatedCustomer> customers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            customers.add(marketplace.registerCustomer(PRODUCT_CODE, String.format(Locale.ROOT, "bench-%07d", i),
                    String.format(Locale.ROOT, "%012d", 200_000_000_000L + i)));
        }
        SubscriptionRepository subscriptions = new SubscriptionRepository(store);
        WorkspaceRepository workspaces = new WorkspaceRepository(store);
        MeteringStates states = new MeteringStates(store);
        SubscriptionBinding binding = new SubscriptionBinding(subscriptions, workspaces, new AccountRepository(store),
                new AuditTrail(store), states, clock, Duration.ofHours(2));
        UsageIntake intake = new UsageIntake(new UsageRepository(store), workspaces, states,
                new DimensionMap(DIMENSIONS), clock);

        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int d = 0;
            for (String dimension : DIMENSIONS.values()) {
                expected.put(slot(customers.get(i).licenseArn(), dimension), quantity(i, d++));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < n; i += threads) {
                        seedOne(i, customers.get(i), subscriptions, workspaces, binding, intake, clock, hour);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return expected;
    }

    private static void seedOne(int i, SimulatedCustomer buyer, SubscriptionRepository subscriptions,
                                WorkspaceRepository workspaces, SubscriptionBinding binding, UsageIntake intake,
                                Clock clock, Instant hour) {
        Instant now = clock.instant();
        AwsCustomer customer = new AwsCustomer(buyer.customerIdentifier(), buyer.awsAccountId(), buyer.productCode(),
                buyer.licenseArn());
        MarketplaceSubscription subscription = subscriptions.createOrGet(MarketplaceSubscription.newAws(customer,
                customer.cloudAccount("aws"), null, List.of(), now));
        String billingAccount = "ba-bench-" + i;
        binding.activate(subscription.id(), billingAccount, "benchmark");
        String workspaceId = "ws-bench-" + i;
        workspaces.createOrGet(new Workspace(workspaceId, "Benchmark " + i, WorkspaceLanguage.EN, "us-oregon",
                "ca-bench-" + i, billingAccount, null, now, null, 0));
        binding.bindWorkspace(workspaceId, subscription.id());
        List<UsageIntake.Submitted> usage = new ArrayList<>();
        int d = 0;
        for (String dimension : DIMENSIONS.keySet()) {
            usage.add(new UsageIntake.Submitted("u-" + i + "-" + dimension, workspaceId, dimension, hour.toString(),
                    (long) quantity(i, d++)));
        }
        intake.accept(usage);
    }

    private static int quantity(int subscription, int dimension) {
        return 1 + (subscription * 7 + dimension * 13) % 1000;
    }

    private static String slot(String licenseArn, String dimension) {
        return licenseArn + "|" + dimension;
    }

    // ---- the run

    /** The hourly run as {@code AwsFunctions.hourlyMetering} wires it, with the pauses measured. */
    private static HourlyMetering hourlyMetering(ItemStore store, AwsMetering metering, RateLimiter limiter,
                                                 Pause backoffPause, Clock clock) {
        return new HourlyMetering(new MeteringStates(store), new MeteringLedger(store), new UsageRepository(store),
                new SubscriptionRepository(store), new WorkspaceRepository(store), new DimensionMap(DIMENSIONS),
                metering, limiter, Backoff.standard(), backoffPause, clock, METERING_WINDOW);
    }

    /**
     * Loads and initializes the client's classes (a Lambda's SnapStart priming does the same) with one
     * call for a customer the marketplace does not know, which it refuses without metering anything.
     * It counts against the quota, so the run starts a second later.
     */
    private static void warmUp(JsonAwsMetering client, AwsMarketplaceSimulator marketplace)
            throws InterruptedException {
        try {
            client.batchMeterUsage(PRODUCT_CODE, List.of(new MeteringLine("warm-up", "warm-up-nobody", null, null,
                    DIMENSIONS.values().iterator().next(), Instant.now().truncatedTo(ChronoUnit.HOURS), 1)));
            throw new IllegalStateException("the warm-up was accepted");
        } catch (MeteringRejectedException expected) {
            // refused, as intended: nothing was metered
        }
        if (!marketplace.meteringRecords().isEmpty()) {
            throw new IllegalStateException("the warm-up metered something");
        }
        Thread.sleep(1100);
    }

    // ---- checking and printing

    private static boolean check(PrintStream out, int n, Instant hour, Map<String, Integer> expected,
                                 List<MeteringRecord> records, HourlyMetering.Report report,
                                 HourlyMetering.Report second, int recordsAfterSecondRun) {
        List<String> problems = new ArrayList<>();
        int want = n * DIMENSIONS.size();
        Set<String> slots = new HashSet<>();
        int wrong = 0;
        for (MeteringRecord record : records) {
            String slot = slot(record.licenseArn(), record.dimension());
            if (!slots.add(slot)) {
                continue;
            }
            if (!hour.equals(record.hour()) || !Integer.valueOf(record.quantity()).equals(expected.get(slot))) {
                wrong++;
            }
        }
        if (records.size() != want) {
            problems.add("the marketplace holds " + records.size() + " records, expected " + want);
        }
        if (slots.size() != records.size()) {
            problems.add((records.size() - slots.size()) + " records billed twice");
        }
        if (!slots.equals(expected.keySet())) {
            problems.add("records of " + (want - intersection(slots, expected.keySet())) + " slots missing");
        }
        if (wrong > 0) {
            problems.add(wrong + " records with the wrong hour or quantity");
        }
        if (report.recordsSent() != want || report.recordsLeftPending() != 0 || report.failed() != 0
                || report.flagged() != 0 || report.duplicates() != 0 || report.notSubscribed() != 0) {
            problems.add("the run reported " + report);
        }
        if (second.recordsSent() != 0 || second.calls() != 0 || recordsAfterSecondRun != records.size()) {
            problems.add("a second run sent again: " + second);
        }
        if (problems.isEmpty()) {
            out.printf(Locale.ROOT, "check: the marketplace holds %,d records = %,d subscriptions x %d dimensions,"
                    + " each slot once with its quantity; a second run sends nothing: OK%n", records.size(), n,
                    DIMENSIONS.size());
            return true;
        }
        out.println("check FAILED: " + String.join("; ", problems));
        return false;
    }

    private static int intersection(Set<String> a, Set<String> b) {
        int count = 0;
        for (String s : a) {
            if (b.contains(s)) {
                count++;
            }
        }
        return count;
    }

    private static void print(PrintStream out, BenchmarkOptions options, int n, HourlyMetering.Report report,
                              InstrumentedMetering metering, long simulatorCalls, long elapsedNanos,
                              Map<CountingItemStore.Operation, Long> storeCalls, long storeNanos, long limiterNanos,
                              long backoffNanos) {
        double elapsed = seconds(elapsedNanos);
        double recordsPerSecond = report.recordsSent() / elapsed;
        double callsPerSecond = simulatorCalls / elapsed;
        long reads = 0;
        long writes = 0;
        StringBuilder perOperation = new StringBuilder();
        for (Map.Entry<CountingItemStore.Operation, Long> e : storeCalls.entrySet()) {
            if (e.getKey().isWrite()) {
                writes += e.getValue();
            } else {
                reads += e.getValue();
            }
            if (e.getValue() > 0) {
                perOperation.append(perOperation.length() == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.2f", e.getKey().name().toLowerCase(Locale.ROOT),
                                (double) e.getValue() / n));
            }
        }
        long callNanos = metering.nanos();
        long rest = elapsedNanos - storeNanos - callNanos - limiterNanos - backoffNanos;

        out.println();
        out.printf(Locale.ROOT, "subscriptions metered        %,d%n", report.subscriptions());
        out.printf(Locale.ROOT, "records sent                 %,d%n", report.recordsSent());
        out.printf(Locale.ROOT, "calls made (ours/simulator)  %,d / %,d   (%,d metered; %,d records need at least %,d"
                        + " calls of 25; partial last batches of a page add some)%n",
                report.calls(), simulatorCalls, metering.calls() - metering.throttled() - metering.otherFailures(),
                report.recordsSent(), ceilDiv(report.recordsSent(), AwsMetering.MAX_RECORDS_PER_CALL));
        out.printf(Locale.ROOT, "throttled calls              %,d   (other failed calls %,d, records left"
                + " unprocessed %,d)%n", metering.throttled(), metering.otherFailures(), metering.unprocessed());
        out.printf(Locale.ROOT, "elapsed                      %.2f s%n", elapsed);
        out.printf(Locale.ROOT, "records/s                    %.1f%n", recordsPerSecond);
        out.printf(Locale.ROOT, "calls/s                      %.2f%n", callsPerSecond);
        if (options.quota() > 0) {
            double bound = AwsMetering.MAX_RECORDS_PER_CALL * (double) options.quota();
            out.printf(Locale.ROOT, "of the quota's bound         %.1f %%   (%,.0f records/s = %d records x %d calls/s)%n",
                    100 * recordsPerSecond / bound, bound, AwsMetering.MAX_RECORDS_PER_CALL, options.quota());
        }
        out.printf(Locale.ROOT, "store calls per subscription %.2f reads, %.2f writes   (%s)%n",
                (double) reads / n, (double) writes / n, perOperation);
        out.println("where the time went (calls and waits on the run's thread; store time summed over the "
                + HourlyMetering.DEFAULT_PARALLELISM + " threads that prepare and settle a page at once):");
        share(out, "waiting for the rate limiter", limiterNanos, elapsedNanos);
        share(out, "BatchMeterUsage calls (SDK, HTTP, JSON, both ends)", callNanos, elapsedNanos);
        share(out, "backoff after throttling", backoffNanos, elapsedNanos);
        share(out, "store calls (" + options.store() + "), all threads", storeNanos, elapsedNanos);
        if (rest >= 0) {
            share(out, "the rest (use case, in-process)", rest, elapsedNanos);
        }
        out.printf(Locale.ROOT, "  per subscription: %.2f ms in the store, %.2f ms in calls%n",
                storeNanos / 1e6 / n, callNanos / 1e6 / n);

        int targetRecords = TARGET_SUBSCRIPTIONS * DIMENSIONS.size();
        out.println();
        out.printf(Locale.ROOT, "extrapolation: %,d subscriptions x %d dimensions = %,d records = %,d calls%n",
                TARGET_SUBSCRIPTIONS, DIMENSIONS.size(), targetRecords,
                ceilDiv(targetRecords, AwsMetering.MAX_RECORDS_PER_CALL));
        extrapolate(out, "at the measured rate", recordsPerSecond, targetRecords);
        if (options.quota() > 0) {
            extrapolate(out, "at this run's quota bound (25 x " + options.quota() + " calls/s)",
                    AwsMetering.MAX_RECORDS_PER_CALL * (double) options.quota(), targetRecords);
        }
        if (options.quota() != AwsMarketplaceSimulator.DOCUMENTED_BATCH_METER_USAGE_QUOTA) {
            extrapolate(out, "at the documented quota bound (25 x 10 calls/s)", AwsMetering.MAX_RECORDS_PER_CALL
                    * (double) AwsMarketplaceSimulator.DOCUMENTED_BATCH_METER_USAGE_QUOTA, targetRecords);
        }
    }

    private static void share(PrintStream out, String what, long nanos, long total) {
        out.printf(Locale.ROOT, "  %-52s %8.2f s  %5.1f %%%n", what, seconds(nanos), 100.0 * nanos / total);
    }

    /**
     * Prints how long the target takes at a rate, and how the schedule spreads it: runs every 15
     * minutes, one at a time, each taking no new page after 13 minutes.
     */
    private static void extrapolate(PrintStream out, String label, double recordsPerSecond, int records) {
        double total = records / recordsPerSecond;
        double perRun = recordsPerSecond * RUN_BUDGET.toSeconds();
        int runs = (int) Math.ceil(records / perRun);
        double lastRunSeconds = total - (runs - 1) * (double) RUN_BUDGET.toSeconds();
        double doneAfter = (runs - 1) * (double) SCHEDULE_INTERVAL.toSeconds() + lastRunSeconds;
        out.printf(Locale.ROOT, "  %-52s %7.1f min; %,.0f subscriptions per 13-min run; %d run%s, done %.0f min"
                        + " after the first run starts%n", label + ":", total / 60, perRun / DIMENSIONS.size(), runs,
                runs == 1 ? "" : "s", doneAfter / 60);
    }

    private static String rateText(double rate) {
        return rate >= BenchmarkOptions.UNLIMITED_RATE ? "unlimited"
                : rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The store the benchmark runs on, and what has to be stopped afterwards. */
    record Backends(ItemStore store, Dynalite dynalite) implements AutoCloseable {

        static Backends open(String kind, Clock clock) {
            if (kind.equals("memory")) {
                return new Backends(new InMemoryItemStore(clock), null);
            }
            Dynalite dynalite = Dynalite.start();
            AwsJsonClient client = DynamoDbTestClients.client(dynalite.endpoint());
            try {
                DynamoDbTables.create(client, TABLE);
            } catch (RuntimeException e) {
                dynalite.close();
                throw e;
            }
            return new Backends(new DynamoDbItemStore(client, TABLE, clock), dynalite);
        }

        @Override
        public void close() {
            if (dynalite != null) {
                dynalite.close();
            }
        }
    }
}
