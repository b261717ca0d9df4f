package org.mpactivation.application;

import org.mpactivation.observability.RequestContext;
import org.mpactivation.port.out.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.UsageHours;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports usage to one cloud's marketplace, each hour exactly once. For every subscription of that
 * cloud that is due, the {@link MeteringPlanner} sums the usage of the bound workspaces per marketplace
 * dimension for each closed hour and fixes each sum in the ledger (PENDING); the cloud's
 * {@link MeteringChannel} sends them in calls of at most 25 with the hour as timestamp (AWS
 * BatchMeterUsage, Azure batchUsageEvent); the {@link MeteringSettler} settles the ledger with the
 * marketplace's answers and moves the subscription's progress. A deployment meters its own cloud only:
 * the run reads that cloud's partitions of the due index.
 *
 * <p>Because a sum is fixed before it is sent, a run that dies after the marketplace accepted a call
 * but before the ledger was updated sends exactly the same records again next time, which the
 * marketplace counts once; and no hour is skipped, since a subscription's progress only moves past
 * hours that are all settled. One subscription's trouble never stops the run for the others.
 */
public final class HourlyMetering {

    /** An hour is metered this long after its end (the intake closed it earlier: see {@link UsageHours}). */
    public static final Duration GRACE = UsageHours.METERING_GRACE;
    /** A subscription with records left unsent is looked at again after this long. */
    public static final Duration RETRY_DELAY = Duration.ofMinutes(5);
    /** How the log line begins that says the marketplace refuses our access: the deployed alarm watches for it. */
    public static final String OUTAGE_ALERT = "ALERT metering outage";
    /** Subscriptions of a page prepared and settled at once (see the constructor). */
    public static final int DEFAULT_PARALLELISM = 8;
    private static final Logger LOG = LoggerFactory.getLogger(HourlyMetering.class);

    private final MeteringStates states;
    private final MeteringPlanner planner;
    private final MeteringChannel channel;
    private final MeteringSettler settler;
    private final Clock clock;
    private final int parallelism;

    /**
     * Hourly metering of AWS subscriptions through BatchMeterUsage.
     *
     * @param window how old an hour may be for the marketplace to accept it
     */
    public HourlyMetering(MeteringStates states, MeteringLedger ledger, UsageRepository usage,
                          SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                          DimensionMap dimensions, AwsMetering metering, RateLimiter limiter, Backoff backoff,
                          Pause pause, Clock clock, Duration window) {
        this(states, ledger, usage, subscriptions, workspaces, dimensions, metering, limiter, backoff, pause, clock,
                window, DEFAULT_PARALLELISM, MeteringEnded.NOTHING, null);
    }

    /**
     * @param parallelism how many subscriptions of a page are prepared and settled at once: store
     *                    round trips (a few milliseconds each on DynamoDB, a dozen per subscription)
     *                    would otherwise add up to more than the quota's pace
     * @param ended       told when a subscription's metering stops for good (its last report settled)
     * @param billedRecords where the quantity billed before a DuplicateRecord can be read (the local
     *                    marketplace's record); null where nothing can tell, as on AWS
     */
    public HourlyMetering(MeteringStates states, MeteringLedger ledger, UsageRepository usage,
                          SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                          DimensionMap dimensions, AwsMetering metering, RateLimiter limiter, Backoff backoff,
                          Pause pause, Clock clock, Duration window, int parallelism, MeteringEnded ended,
                          MarketplaceUsageRecords billedRecords) {
        this(states, ledger, usage, subscriptions, workspaces, dimensions,
                new AwsMeteringChannel(metering, new MeteringCalls(limiter, backoff, pause), window, billedRecords),
                clock, parallelism, ended);
    }

    /**
     * Hourly metering of Azure subscriptions through the Marketplace Metering API's batchUsageEvent.
     *
     * @param window      how old an hour may be for the marketplace to accept it ({@link AzureMetering#WINDOW})
     * @param parallelism as for AWS (see the constructor)
     * @param ended       told when a subscription's metering stops for good (its final report settled)
     */
    public static HourlyMetering azure(MeteringStates states, MeteringLedger ledger, UsageRepository usage,
                                       SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                                       DimensionMap dimensions, AzureMetering metering, RateLimiter limiter,
                                       Backoff backoff, Pause pause, Clock clock, Duration window, int parallelism,
                                       MeteringEnded ended) {
        return new HourlyMetering(states, ledger, usage, subscriptions, workspaces, dimensions,
                new AzureMeteringChannel(metering, new MeteringCalls(limiter, backoff, pause), window), clock,
                parallelism, ended);
    }

    private HourlyMetering(MeteringStates states, MeteringLedger ledger, UsageRepository usage,
                           SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                           DimensionMap dimensions, MeteringChannel channel, Clock clock, int parallelism,
                           MeteringEnded ended) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.parallelism = parallelism;
        this.states = states;
        this.clock = clock;
        this.channel = channel;
        this.planner = new MeteringPlanner(states, ledger, usage, subscriptions, workspaces, dimensions, channel);
        this.settler = new MeteringSettler(states, ledger, ended, channel);
    }

    /** When a subscription metered from {@code fromHour} is first due. */
    public static Instant firstDue(Instant fromHour) {
        return UsageHours.meterableAt(fromHour);
    }

    /** Hours before this one are closed at {@code now}: their usage can no longer change. */
    public static Instant closedBefore(Instant now) {
        return UsageHours.meteringClosedBefore(now);
    }

    /**
     * What one run did.
     *
     * @param failed subscriptions whose records met an unexpected error, or whose progress could not be saved
     * @param outage why the marketplace refused our access (null: it did not); an operator must act
     */
    public record Report(int subscriptions, int recordsSent, int duplicates, int notSubscribed, int flagged,
                         int calls, int recordsLeftPending, int failed, boolean deadlineReached, String outage) {
    }

    /** One run with no time limit (tests, the local server). */
    public Report run() {
        return run(ChronoUnit.FOREVER.getDuration());
    }

    /**
     * One run over the subscriptions that are due. It takes no new page of subscriptions once
     * {@code budget} has passed (a Lambda invocation has 15 minutes at most); what is left stays due
     * and the next run, minutes later, carries on where this one stopped.
     */
    public Report run(Duration budget) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "metering-store");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return run(budget, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One run, its records counted by outcome into {@code metrics}. */
    public Report run(Duration budget, Metrics metrics) {
        Report report = run(budget);
        OperationCounts.metering(metrics, channel.cloud(), report);
        return report;
    }

    /**
     * Pages of due subscriptions go through three steps: prepare (store work on the pool), send (the
     * calls, on this thread, under the rate limiter) and settle (store work on the pool). While one
     * page is being sent, the next one is prepared and the one before settles, so that store round
     * trips do not hold the calls back. A page taken is finished; no page is taken once the budget
     * has passed or the marketplace refused our access.
     */
    private Report run(Duration budget, ExecutorService pool) {
        Instant now = clock.instant();
        Instant deadline = budget.compareTo(Duration.ofDays(365)) > 0 ? Instant.MAX : now.plus(budget);
        MeteringTally tally = new MeteringTally();
        DuePages pages = new DuePages(now);
        Page first = pages.next(deadline, tally);
        List<Future<Done<Optional<MeteringWork>>>> preparing = first == null ? null : prepare(pool, first, now);
        List<Future<Done<MeteringWork>>> settling = List.of();
        while (preparing != null) {
            List<MeteringWork> works = new ArrayList<>();
            collect(preparing, tally).forEach(prepared -> prepared.ifPresent(works::add));
            Page next = pages.next(deadline, tally);
            preparing = next == null ? null : prepare(pool, next, now);
            channel.send(works, clock.instant(), tally);
            collect(settling, tally);
            settling = settle(pool, works, now);
        }
        collect(settling, tally);
        Report report = tally.report();
        LOG.info("metering run cloud={} subscriptions={} sent={} duplicates={} notSubscribed={} flagged={} calls={}"
                        + " pending={} failed={} outage={}", channel.cloud().code(), report.subscriptions(),
                report.recordsSent(), report.duplicates(), report.notSubscribed(), report.flagged(), report.calls(),
                report.recordsLeftPending(), report.failed(), report.outage());
        return report;
    }

    /** The due subscriptions, page by page over the index's partitions. */
    private final class DuePages {
        private final Instant now;
        private int shard;
        private String cursor;
        private boolean shardStarted;

        DuePages(Instant now) {
            this.now = now;
        }

        /** The next page, or null when there is none or no page may be taken any more. */
        Page next(Instant deadline, MeteringTally tally) {
            if (tally.outage != null) {
                return null; // nothing can be sent until access is back: the rest stays due as it is
            }
            if (!clock.instant().isBefore(deadline)) {
                tally.deadlineReached = true;
                return null;
            }
            while (shard < MeteringStates.shards()) {
                if (shardStarted && cursor == null) {
                    shard++;
                    shardStarted = false;
                    continue;
                }
                Page page = states.due(channel.cloud(), shard, now, cursor, 100);
                shardStarted = true;
                cursor = page.nextCursor();
                return page;
            }
            return null;
        }
    }

    private List<Future<Done<Optional<MeteringWork>>>> prepare(ExecutorService pool, Page page, Instant now) {
        return submitAll(pool, page.items(), item -> {
            MeteringState state = MeteringStates.fromStored(item);
            MeteringTally own = new MeteringTally();
            try {
                return new Done<>(planner.prepare(state, now, own), own);
            } catch (RuntimeException e) {
                // one subscription's trouble must not stop the others: it stays due
                own.failed++;
                LOG.error("metering preparation failed subscription={}", state.subscriptionId(), e);
                return new Done<>(Optional.<MeteringWork>empty(), own);
            }
        });
    }

    private List<Future<Done<MeteringWork>>> settle(ExecutorService pool, List<MeteringWork> works, Instant now) {
        return submitAll(pool, works, work -> {
            MeteringTally own = new MeteringTally();
            try {
                settler.settle(work, now, own);
            } catch (RuntimeException e) {
                own.failed++;
                LOG.error("metering settlement failed subscription={}", work.state.subscriptionId(), e);
            }
            return new Done<>(work, own);
        });
    }

    /** A task's result and what it counted. */
    private record Done<R>(R result, MeteringTally tally) {
    }

    private static <T, R> List<Future<Done<R>>> submitAll(ExecutorService pool, List<T> inputs,
                                                          Function<T, Done<R>> task) {
        List<Future<Done<R>>> futures = new ArrayList<>();
        for (T input : inputs) {
            // the pool's lines carry the run's request context too
            futures.add(pool.submit(RequestContext.carried(() -> task.apply(input))));
        }
        return futures;
    }

    /** The tasks' results, in order of submission, with their counts added up; a crash propagates. */
    private static <R> List<R> collect(List<Future<Done<R>>> futures, MeteringTally total) {
        List<R> results = new ArrayList<>();
        for (Future<Done<R>> future : futures) {
            try {
                Done<R> done = future.get();
                total.add(done.tally());
                results.add(done.result());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("metering run interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }
}
