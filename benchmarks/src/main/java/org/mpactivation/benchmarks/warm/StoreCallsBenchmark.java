package org.mpactivation.benchmarks.warm;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.mpactivation.adapter.store.CountingItemStore;
import org.mpactivation.application.FakeAwsMetering;
import org.mpactivation.application.HourlyMetering;

/**
 * DynamoDB reads and writes per request of each path, over the DynamoDB adapter against dynalite, counted
 * by a {@link DynamoDbCalls} listener on the adapter's client: one DynamoDB API call is one read or
 * one write. Paths: a whole AWS registration (fulfillment POST to the success page), an AWS bind of an
 * existing account (with a new workspace for its console account), a whole Azure registration, a usage
 * batch, an hourly metering run, a marketplace notification. Each path runs {@code n} times after one
 * untimed run of the registration (so nothing is counted that only a cold process does); figures are the
 * averages per run.
 */
public final class StoreCallsBenchmark {

    private StoreCallsBenchmark() {
    }

    public static void main(String[] args) {
        Quiet.logs();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        run(n, System.out);
    }

    /** A whole AWS registration's store calls per registration, over the DynamoDB adapter. */
    public record Registration(double reads, double writes) {
    }

    /** Prints every path's calls; returns the AWS registration's, which the target is about. */
    public static Registration run(int n, PrintStream out) {
        out.printf(Locale.ROOT, "Store calls per request, DynamoDB adapter on dynalite, counted at the store's"
                + " DynamoDB client (one DynamoDB API call = one read or one write), averaged over %d runs of each"
                + " path%n", n);
        DynamoDbCalls calls = new DynamoDbCalls();
        try (StoreBackend backend = StoreBackend.dynalite(calls)) {
            Registration registration = aws(backend, calls, n, out);
            azure(backend, calls, n, out);
            return registration;
        }
    }

    private static Registration aws(StoreBackend backend, DynamoDbCalls calls, int n, PrintStream out) {
        java.util.function.Function<java.time.Clock, org.mpactivation.port.out.store.ItemStore> table =
                backend.newStore();
        CountingItemStore[] port = new CountingItemStore[1];
        AwsWorld world = new AwsWorld(clock -> port[0] = new CountingItemStore(table.apply(clock)));
        StepTimer timer = new StepTimer(world.costs);
        AwsWalks walks = new AwsWalks(world, timer);
        walks.register();

        StoreCallTable registration = new StoreCallTable();
        timer.countInto(calls, registration);
        List<AwsWalks.Buyer> buyers = new ArrayList<>();
        port[0].reset();
        for (int i = 0; i < n; i++) {
            buyers.add(walks.register());
        }
        registration.print(out, "AWS registration (a new buyer: fulfillment POST, every page GET and POST, the"
                + " success page)", n);
        out.printf(Locale.ROOT, "  the same counted at the ItemStore port (CountingItemStore): %s reads, %s writes%n",
                StoreCallTable.number((double) port[0].reads() / n), StoreCallTable.number((double) port[0].writes() / n));
        Registration counted = new Registration((double) port[0].reads() / n, (double) port[0].writes() / n);

        StoreCallTable bind = new StoreCallTable();
        timer.countInto(calls, bind);
        for (int i = 0; i < n; i++) {
            walks.bindExisting(buyers.get(i));
        }
        bind.print(out, "AWS bind of an existing account (a new AWS account: fulfillment POST, bind by username and"
                + " code, a workspace for its console account, confirm, the success page)", n);

        StoreCallTable usage = new StoreCallTable();
        timer.countInto(calls, usage);
        Instant hour = world.clock.instant().truncatedTo(ChronoUnit.HOURS);
        buyers.forEach(buyer -> counted(timer, "POST /internal/usage (2 records, 1 workspace)", () -> {
            walks.reportUsage(buyer, hour);
            return null;
        }));
        usage.print(out, "usage batch (the usage intake handler, IAM caller)", n);

        StoreCallTable metering = new StoreCallTable();
        timer.countInto(calls, metering);
        walks.closeHour(hour);
        FakeAwsMetering marketplace = world.meteringFake();
        HourlyMetering.Report report = counted(timer, "hourly metering run", () -> walks.meter(marketplace, buyers));
        metering.print(out, "metering run over every ACTIVE subscription (" + report.subscriptions() + ", of which "
                + n + " with usage: " + report.recordsSent() + " records sent in " + report.calls()
                + " BatchMeterUsage call(s), on the fake)", 1);
        if (report.subscriptions() > 0) {
            out.printf(Locale.ROOT, "  per subscription metered: %.2f reads, %.2f writes (one run's calls / %d)%n",
                    perRun(metering, true) / report.subscriptions(), perRun(metering, false) / report.subscriptions(),
                    report.subscriptions());
        }

        StoreCallTable notices = new StoreCallTable();
        timer.countInto(calls, notices);
        buyers.forEach(buyer -> counted(timer, "notification unsubscribe-pending (applied)",
                () -> walks.notifyEnding(buyer)));
        notices.print(out, "marketplace notification (ApplyMarketplaceNotice as the queue handler calls it)", n);
        timer.countInto(null, null);
        return counted;
    }

    private static void azure(StoreBackend backend, DynamoDbCalls calls, int n, PrintStream out) {
        try (AzureWorld world = new AzureWorld(backend.newStore())) {
            StepTimer timer = new StepTimer(world.costs);
            AzureWalks walks = new AzureWalks(world, timer);
            walks.register();
            StoreCallTable registration = new StoreCallTable();
            timer.countInto(calls, registration);
            for (int i = 0; i < n; i++) {
                walks.register();
            }
            registration.print(out, "Azure registration (landing, sign-in callback, every page GET and POST,"
                    + " activate, the success page)", n);
        }
    }

    private static <T> T counted(StepTimer timer, String step, Supplier<T> action) {
        return timer.time(step, action);
    }

    private static double perRun(StoreCallTable table, boolean reads) {
        return table.total(reads);
    }
}
