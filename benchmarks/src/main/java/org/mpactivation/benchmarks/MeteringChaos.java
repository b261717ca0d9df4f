package org.mpactivation.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mpactivation.application.Backoff;
import org.mpactivation.application.CrashingItemStore;
import org.mpactivation.application.DyingItemStore;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.application.MutableClock;
import org.mpactivation.application.RateLimiter;
import org.mpactivation.application.SubscriptionBinding;
import org.mpactivation.application.UsageIntake;
import org.mpactivation.aws.metering.JsonAwsMetering;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
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
import org.mpactivation.simulator.aws.MarketplaceError;
import org.mpactivation.simulator.aws.MeteringRecord;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;

/**
 * The metering run under everything at once: N subscriptions of both identity kinds (one product
 * whose buyers are named either way, one integrated for concurrent agreements) and of each listing
 * kind (pay as you go, contract, contract with consumption), three hours of usage in three
 * dimensions, the documented quota of 10 calls per second, extra throttling, unprocessed records,
 * our access refused for a while, and the process killed at a random store write. Then it checks
 * that every usage hour was billed exactly once, to the right buyer, stamped with its hour, and that
 * the local marketplace's record and the ledger agree, and prints the throughput against the quota.
 */
public final class MeteringChaos {

    static final String CLASSIC = "chaos-classic";
    static final String CONCURRENT = "chaos-concurrent";
    static final int HOURS = 3;
    static final int QUOTA = AwsMarketplaceSimulator.DOCUMENTED_BATCH_METER_USAGE_QUOTA;
    private static final int MAX_RUNS = 12;

    /** What the run found; {@link #problems} is empty when everything was billed exactly once. */
    public record Outcome(int subscriptions, int records, int calls, int runs, long killedAtWrite,
                          double meteringSeconds, List<String> problems) {

        public double recordsPerSecond() {
            return records / meteringSeconds;
        }
    }

    /** One seeded buyer: how the marketplace knows them and how we do. */
    private record Buyer(SimulatedCustomer simulated, AwsCustomer customer, SubscriptionId subscription,
                         String workspace) {
    }

    private MeteringChaos() {
    }

    /** {@code MeteringChaos [N] [memory|dynalite] [seed]}: prints the figures; exit status 1 if the check fails. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        String store = args.length > 1 ? args[1] : "dynalite";
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        System.out.println("chaos seed " + seed);
        System.exit(run(store, n, seed, System.out).problems().isEmpty() ? 0 : 1);
    }

    /**
     * Runs the scenario on the store of {@code backends} (dynalite or in memory).
     *
     * @param seed chooses the write at which the process dies (printed, so a failure can be replayed)
     */
    public static Outcome run(String store, int subscriptions, long seed, PrintStream out) throws Exception {
        Instant firstHour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(HOURS, ChronoUnit.HOURS);
        MutableClock seedClock = new MutableClock(firstHour.plus(Duration.ofMinutes(5)));
        ShiftingClock runClock = new ShiftingClock(firstHour.plus(HOURS, ChronoUnit.HOURS)
                .plus(Duration.ofMinutes(16)));
        try (MeteringBenchmark.Backends backends = MeteringBenchmark.Backends.open(store, runClock);
             AwsMarketplaceSimulator marketplace = AwsMarketplaceSimulator.builder()
                     .clock(runClock)
                     .callsPerSecond(AwsOperation.BATCH_METER_USAGE, QUOTA)
                     .start()) {
            JsonAwsMetering client = JsonAwsMetering.create("us-east-1", AwsCredentialSource.fixed(
                    new AwsCredentials("chaos", "chaos", null, null)), marketplace.endpoint(),
                    UrlConnectionAwsHttp.standard());
            String[] dimensions = MeteringBenchmark.DIMENSIONS.values().toArray(String[]::new);
            marketplace.product(CLASSIC).dimensions(dimensions);
            marketplace.product(CONCURRENT).dimensions(dimensions).concurrentAgreements(true);

            long seedStart = System.nanoTime();
            Map<String, Integer> expected = new ConcurrentHashMap<>();
            List<Buyer> buyers = seed(subscriptions, marketplace, backends.store(), seedClock, firstHour, expected);
            out.printf(Locale.ROOT, "chaos: seeded %,d subscriptions x %d hours x %d dimensions in %.1f s (store %s)%n",
                    subscriptions, HOURS, dimensions.length, (System.nanoTime() - seedStart) / 1e9, store);

            DyingItemStore dying = new DyingItemStore(backends.store());
            Random random = new Random(seed);
            long killAt = 1 + random.nextInt(Math.max(1, expected.size() * 2));
            CrashingItemStore.Crash how = random.nextBoolean() ? CrashingItemStore.Crash.BEFORE_WRITE
                    : CrashingItemStore.Crash.AFTER_WRITE;
            HourlyMetering metering = metering(dying, client, runClock);

            long start = System.nanoTime();
            long callsBefore = marketplace.callCount(AwsOperation.BATCH_METER_USAGE);
            // the first run: extra throttling and unprocessed records, then the process dies mid-run
            marketplace.faults().throttleNext(AwsOperation.BATCH_METER_USAGE, 5);
            marketplace.faults().leaveUnprocessedNext(40);
            dying.dieOnWrite((int) killAt, how);
            int runs = 1;
            try {
                metering.run();
                out.println("chaos: the first run ended before the chosen write " + killAt);
            } catch (DyingItemStore.ProcessDied died) {
                out.printf(Locale.ROOT, "chaos: the process died at store write %,d (%s)%n", killAt, how);
            }
            double firstSeconds = (System.nanoTime() - start) / 1e9;
            long firstCalls = marketplace.callCount(AwsOperation.BATCH_METER_USAGE) - callsBefore;
            out.printf(Locale.ROOT, "chaos: run 1 billed %,d records, calls %d in %.1f s (%.1f records/s, %.2f calls/s)"
                            + " before it died%n", marketplace.meteringRecords().size(), firstCalls, firstSeconds,
                    marketplace.meteringRecords().size() / firstSeconds, firstCalls / firstSeconds);
            // then our access is refused for a while: the next run must stop calling and flag nothing
            marketplace.faults().failNext(AwsOperation.BATCH_METER_USAGE, MarketplaceError.ACCESS_DENIED, 6);
            boolean done = false;
            while (!done && runs < MAX_RUNS) {
                runClock.jump(HourlyMetering.RETRY_DELAY.plus(Duration.ofSeconds(30)));
                long runStart = System.nanoTime();
                HourlyMetering.Report report = metering.run();
                double runSeconds = (System.nanoTime() - runStart) / 1e9;
                runs++;
                out.printf(Locale.ROOT, "chaos: run %d sent %,d, pending %,d, flagged %d, failed %d, calls %d in %.1f s"
                                + " (%.1f records/s, %.2f calls/s)%s%n", runs, report.recordsSent(),
                        report.recordsLeftPending(), report.flagged(), report.failed(), report.calls(), runSeconds,
                        report.recordsSent() / runSeconds, report.calls() / runSeconds,
                        report.outage() == null ? "" : ", outage: " + report.outage());
                done = report.outage() == null && report.recordsLeftPending() == 0 && report.failed() == 0
                        && report.recordsSent() == 0 && report.calls() == 0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int calls = (int) (marketplace.callCount(AwsOperation.BATCH_METER_USAGE) - callsBefore);
            List<String> problems = check(buyers, expected, marketplace.meteringRecords(),
                    new MeteringLedger(backends.store()));
            if (!done) {
                problems.add("still not settled after " + runs + " runs");
            }
            Outcome outcome = new Outcome(subscriptions, marketplace.meteringRecords().size(), calls, runs, killAt,
                    seconds, problems);
            print(out, outcome);
            return outcome;
        }
    }

    private static HourlyMetering metering(ItemStore store, JsonAwsMetering client, ShiftingClock clock) {
        return new HourlyMetering(new MeteringStates(store), new MeteringLedger(store), new UsageRepository(store),
                new SubscriptionRepository(store), new WorkspaceRepository(store),
                new DimensionMap(MeteringBenchmark.DIMENSIONS), client,
                new RateLimiter(QUOTA, Pause.REAL), Backoff.standard(), Pause.REAL, clock,
                MeteringBenchmark.METERING_WINDOW);
    }

    // ---- seeding

    private static List<Buyer> seed(int n, AwsMarketplaceSimulator marketplace, ItemStore store, MutableClock clock,
                                    Instant firstHour, Map<String, Integer> expected) throws Exception {
        SubscriptionRepository subscriptions = new SubscriptionRepository(store);
        WorkspaceRepository workspaces = new WorkspaceRepository(store);
        MeteringStates states = new MeteringStates(store);
        SubscriptionBinding binding = new SubscriptionBinding(subscriptions, workspaces, new AccountRepository(store),
                new AuditTrail(store), states, clock, Duration.ofHours(2));
        UsageIntake intake = new UsageIntake(new UsageRepository(store), workspaces, states,
                new DimensionMap(MeteringBenchmark.DIMENSIONS), clock);
        List<Buyer> buyers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int kind = i % 3;
            SimulatedCustomer simulated = marketplace.registerCustomer(kind == 2 ? CONCURRENT : CLASSIC,
                    String.format(Locale.ROOT, "chaos-%06d", i), String.format(Locale.ROOT, "%012d", 300_000_000_000L + i));
            AwsCustomer customer = kind == 0
                    ? new AwsCustomer(simulated.customerIdentifier(), null, simulated.productCode(), null)
                    : new AwsCustomer(simulated.customerIdentifier(), simulated.awsAccountId(), simulated.productCode(),
                    simulated.licenseArn());
            buyers.add(new Buyer(simulated, customer, customer.subscriptionId(), "ws-chaos-" + i));
        }
        inParallel(buyers, buyer -> {
            int i = buyers.indexOf(buyer);
            Instant now = clock.instant();
            MarketplaceSubscription subscription = subscriptions.createOrGet(MarketplaceSubscription.newAws(
                    buyer.customer, buyer.customer.cloudAccount("aws"), listingOfferType(i), entitlements(i), now));
            if (buyer.customer.licenseArn() != null) {
                subscriptions.linkLicense(buyer.customer.licenseArn(), subscription.id());
            }
            String billingAccount = "ba-chaos-" + i;
            binding.activate(subscription.id(), billingAccount, "chaos");
            workspaces.createOrGet(new Workspace(buyer.workspace, "Chaos " + i, WorkspaceLanguage.EN, "us-oregon",
                    "ca-chaos-" + i, billingAccount, null, now, null, 0));
            binding.bindWorkspace(buyer.workspace, subscription.id());
        });
        for (int h = 0; h < HOURS; h++) {
            Instant hour = firstHour.plus(h, ChronoUnit.HOURS);
            clock.advance(Duration.between(clock.instant(), hour.plus(Duration.ofMinutes(6))));
            int hourIndex = h;
            inParallel(buyers, buyer -> {
                int i = buyers.indexOf(buyer);
                List<UsageIntake.Submitted> usage = new ArrayList<>();
                int d = 0;
                for (String dimension : MeteringBenchmark.DIMENSIONS.keySet()) {
                    int quantity = 1 + (i * 7 + d * 13 + hourIndex * 31) % 1000;
                    usage.add(new UsageIntake.Submitted("chaos-" + i + "-" + hourIndex + "-" + dimension,
                            buyer.workspace, dimension, hour.toString(), (long) quantity));
                    expected.put(slot(buyer.simulated.licenseArn(), MeteringBenchmark.DIMENSIONS.get(dimension), hour),
                            quantity);
                    d++;
                }
                intake.accept(usage);
            });
        }
        return buyers;
    }

    private static String listingOfferType(int i) {
        return switch ((i / 3) % 3) {
            case 0 -> null;
            case 1 -> "contract";
            default -> "contract-with-consumption";
        };
    }

    private static List<Entitlement> entitlements(int i) {
        return (i / 3) % 3 == 0 ? List.of() : List.of(new Entitlement("hosts", "10", null));
    }

    private interface Step {
        void apply(Buyer buyer) throws Exception;
    }

    private static void inParallel(List<Buyer> buyers, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Buyer buyer : buyers) {
                futures.add(pool.submit(() -> {
                    step.apply(buyer);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String slot(String licenseArn, String dimension, Instant hour) {
        return licenseArn + "|" + dimension + "|" + hour;
    }

    // ---- checking

    private static List<String> check(List<Buyer> buyers, Map<String, Integer> expected, List<MeteringRecord> records,
                                      MeteringLedger ledger) {
        List<String> problems = new ArrayList<>();
        Map<String, MeteringRecord> bySlot = new HashMap<>();
        Map<String, Buyer> byLicense = new HashMap<>();
        buyers.forEach(b -> byLicense.put(b.simulated.licenseArn(), b));
        for (MeteringRecord record : records) {
            String slot = slot(record.licenseArn(), record.dimension(), record.hour());
            if (bySlot.put(slot, record) != null) {
                problems.add("billed twice: " + slot);
            }
            Integer want = expected.get(slot);
            if (want == null) {
                problems.add("billed without usage: " + slot);
            } else if (want != record.quantity()) {
                problems.add("billed " + record.quantity() + " instead of " + want + ": " + slot);
            }
            if (!record.timestamp().equals(record.hour())) {
                problems.add("stamped " + record.timestamp() + " instead of its hour: " + slot);
            }
            Buyer buyer = byLicense.get(record.licenseArn());
            String namedBy = buyer != null && buyer.customer.licenseArn() == null ? "CustomerIdentifier"
                    : "CustomerAWSAccountId";
            if (buyer == null || !record.productCode().equals(buyer.simulated.productCode())
                    || !namedBy.equals(record.identifiedBy())) {
                problems.add("billed to the wrong buyer, or named the wrong way: " + slot);
            }
        }
        expected.keySet().stream().filter(slot -> !bySlot.containsKey(slot))
                .forEach(slot -> problems.add("never billed: " + slot));
        for (Buyer buyer : buyers) {
            for (LedgerEntry entry : ledger.entries(buyer.subscription)) {
                MeteringRecord record = bySlot.get(slot(buyer.simulated.licenseArn(), entry.dimension(), entry.hour()));
                if (entry.state() != LedgerEntry.State.SENT) {
                    problems.add("ledger " + entry.state() + " (" + entry.detail() + "): " + buyer.subscription + " "
                            + entry.hour() + " " + entry.dimension());
                } else if (record == null || !("Success:" + record.meteringRecordId()).equals(entry.detail())
                        || record.quantity() != entry.quantity()) {
                    problems.add("the ledger and the marketplace disagree: " + buyer.subscription + " " + entry.hour()
                            + " " + entry.dimension());
                }
            }
        }
        return problems.size() > 20 ? new ArrayList<>(problems.subList(0, 20)) : problems;
    }

    private static void print(PrintStream out, Outcome o) {
        double quotaBound = QUOTA * 25.0;
        out.printf(Locale.ROOT, "chaos: %,d records for %,d subscriptions in %d runs, %,d BatchMeterUsage calls,"
                        + " %.1f s of metering: %.1f records/s, %.2f calls/s (quota bound %.0f records/s, %d calls/s):"
                        + " %.0f %% of the bound%n", o.records(), o.subscriptions(), o.runs(), o.calls(),
                o.meteringSeconds(), o.recordsPerSecond(), o.calls() / o.meteringSeconds(), quotaBound, QUOTA,
                100 * o.recordsPerSecond() / quotaBound);
        out.println(o.problems().isEmpty() ? "chaos check: every usage hour billed exactly once, to its buyer, stamped"
                + " with its hour; the marketplace's record and the ledger agree: OK"
                : "chaos check FAILED: " + String.join("; ", o.problems()));
    }
}
