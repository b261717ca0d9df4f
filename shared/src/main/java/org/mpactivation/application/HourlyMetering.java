package org.mpactivation.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringResult;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports usage to AWS Marketplace, each hour exactly once. For every subscription that is due, it
 * sums the usage of the bound workspaces per marketplace dimension for each closed hour, fixes each
 * sum in the ledger (PENDING) before sending, sends the records in calls of at most 25 with the
 * hour as timestamp, and settles the ledger with the marketplace's answer.
 *
 * <p>Because a sum is fixed before it is sent, a run that dies after AWS accepted a call but before
 * the ledger was updated sends exactly the same records again next time, which AWS counts once; and
 * no hour is skipped, since a subscription's progress only moves past hours that are all settled.
 * Throttling and unprocessed records are retried with backoff and jitter under a rate limiter;
 * hours past the marketplace's window are flagged, never dropped silently.
 */
public final class HourlyMetering {

    /** An hour is closed (usage intake refuses it) this long after its end; then it is metered. */
    public static final Duration GRACE = Duration.ofMinutes(15);
    /** A subscription with records left unsent is looked at again after this long. */
    public static final Duration RETRY_DELAY = Duration.ofMinutes(5);
    /** At most this many hours of one subscription per run (a long outage catches up over runs). */
    static final int MAX_HOURS_PER_RUN = 48;
    /** Subscriptions of a page prepared and settled at once (see the constructor). */
    public static final int DEFAULT_PARALLELISM = 8;
    private static final Logger LOG = LoggerFactory.getLogger(HourlyMetering.class);

    private final MeteringStates states;
    private final MeteringLedger ledger;
    private final UsageRepository usage;
    private final SubscriptionRepository subscriptions;
    private final WorkspaceRepository workspaces;
    private final DimensionMap dimensions;
    private final AwsMetering metering;
    private final RateLimiter limiter;
    private final Backoff backoff;
    private final Pause pause;
    private final Clock clock;
    private final Duration window;
    private final int parallelism;
    private final WorkspaceRelease release;

    /**
     * @param window how old an hour may be for the marketplace to accept it (AWS documents 6 hours)
     */
    public HourlyMetering(MeteringStates states, MeteringLedger ledger, UsageRepository usage,
                          SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                          DimensionMap dimensions, AwsMetering metering, RateLimiter limiter, Backoff backoff,
                          Pause pause, Clock clock, Duration window) {
        this(states, ledger, usage, subscriptions, workspaces, dimensions, metering, limiter, backoff, pause, clock,
                window, DEFAULT_PARALLELISM);
    }

    /**
     * @param parallelism how many subscriptions of a page are prepared and settled at once: store
     *                    round trips (a few milliseconds each on DynamoDB, a dozen per subscription)
     *                    would otherwise add up to more than the quota's pace
     */
    public HourlyMetering(MeteringStates states, MeteringLedger ledger, UsageRepository usage,
                          SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                          DimensionMap dimensions, AwsMetering metering, RateLimiter limiter, Backoff backoff,
                          Pause pause, Clock clock, Duration window, int parallelism) {
        this(states, ledger, usage, subscriptions, workspaces, dimensions, metering, limiter, backoff, pause, clock,
                window, parallelism, null);
    }

    /** @param release releases the workspaces of an ended subscription once its metering stops (null: none) */
    public HourlyMetering(MeteringStates states, MeteringLedger ledger, UsageRepository usage,
                          SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                          DimensionMap dimensions, AwsMetering metering, RateLimiter limiter, Backoff backoff,
                          Pause pause, Clock clock, Duration window, int parallelism, WorkspaceRelease release) {
        this.release = release;
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.parallelism = parallelism;
        this.states = states;
        this.ledger = ledger;
        this.usage = usage;
        this.subscriptions = subscriptions;
        this.workspaces = workspaces;
        this.dimensions = dimensions;
        this.metering = metering;
        this.limiter = limiter;
        this.backoff = backoff;
        this.pause = pause;
        this.clock = clock;
        this.window = window;
    }

    /** When a subscription metered from {@code fromHour} is first due. */
    public static Instant firstDue(Instant fromHour) {
        return fromHour.plus(1, ChronoUnit.HOURS).plus(GRACE);
    }

    /** Hours before this one are closed at {@code now}: their usage can no longer change. */
    public static Instant closedBefore(Instant now) {
        return now.minus(GRACE).truncatedTo(ChronoUnit.HOURS);
    }

    /** What one run did. */
    public record Report(int subscriptions, int recordsSent, int duplicates, int notSubscribed, int flagged,
                         int calls, int recordsLeftPending, int failed, boolean deadlineReached) {
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

    private Report run(Duration budget, ExecutorService pool) {
        Instant now = clock.instant();
        Instant deadline = budget.compareTo(Duration.ofDays(365)) > 0 ? Instant.MAX : now.plus(budget);
        Tally tally = new Tally();
        for (int shard = 0; shard < MeteringStates.shards(); shard++) {
            String cursor = null;
            do {
                if (!clock.instant().isBefore(deadline)) {
                    tally.deadlineReached = true;
                    break;
                }
                Page page = states.due(shard, now, cursor, 100);
                List<Work> works = new ArrayList<>();
                for (Optional<Work> prepared : inParallel(pool, page.items(), item -> {
                    MeteringState state = MeteringStates.fromStored(item);
                    Tally own = new Tally();
                    try {
                        return new Done<>(prepare(state, now, own), own);
                    } catch (RuntimeException e) {
                        // one subscription's trouble must not stop the others: it stays due
                        own.failed++;
                        LOG.error("metering preparation failed subscription={}", state.subscriptionId(), e);
                        return new Done<>(Optional.<Work>empty(), own);
                    }
                }, tally)) {
                    prepared.ifPresent(works::add);
                }
                send(works, tally);
                inParallel(pool, works, work -> {
                    Tally own = new Tally();
                    try {
                        settle(work, now, own);
                    } catch (RuntimeException e) {
                        own.failed++;
                        LOG.error("metering settlement failed subscription={}", work.state.subscriptionId(), e);
                    }
                    return new Done<>(work, own);
                }, tally);
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        Report report = tally.report();
        LOG.info("metering run subscriptions={} sent={} duplicates={} notSubscribed={} flagged={} calls={} pending={} "
                        + "failed={}", report.subscriptions(), report.recordsSent(), report.duplicates(),
                report.notSubscribed(), report.flagged(), report.calls(), report.recordsLeftPending(), report.failed());
        return report;
    }

    // ---- preparing: fix the sums in the ledger

    private Optional<Work> prepare(MeteringState state, Instant now, Tally tally) {
        Optional<MarketplaceSubscription> found = subscriptions.find(state.subscriptionId());
        if (found.isEmpty() || found.get().aws() == null) {
            // nothing this run can report for it: stop, so that it is not due forever
            LOG.warn("metering stopped for a subscription that cannot be metered here subscription={}",
                    state.subscriptionId());
            try {
                states.save(state.stoppedAt(state.meteredThrough()));
            } catch (ConditionFailedException concurrent) {
                // changed meanwhile: the next run decides again
            }
            return Optional.empty();
        }
        MarketplaceSubscription subscription = found.get();
        Instant limit = state.finalReport() ? now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS)
                : closedBefore(now);
        Instant cap = state.meteredThrough().plus(MAX_HOURS_PER_RUN, ChronoUnit.HOURS);
        if (limit.isAfter(cap)) {
            limit = cap;
        }
        Work work = new Work(state, subscription, limit);
        List<Workspace> bound = boundWorkspaces(subscription);
        for (Instant hour = state.meteredThrough(); hour.isBefore(limit); hour = hour.plus(1, ChronoUnit.HOURS)) {
            for (Map.Entry<String, Long> total : totals(bound, hour).entrySet()) {
                LedgerEntry.State initial = tooOld(hour, now) ? LedgerEntry.State.FLAGGED : LedgerEntry.State.PENDING;
                String detail = initial == LedgerEntry.State.FLAGGED ? "outside the metering window" : null;
                LedgerEntry entry = ledger.createOrGet(new LedgerEntry(subscription.id(), hour, total.getKey(),
                        total.getValue(), initial, detail, 0));
                if (entry.state() == LedgerEntry.State.FLAGGED && entry.version() == 1) {
                    tally.flagged++;
                    LOG.warn("usage outside the metering window flagged subscription={} hour={} dimension={}",
                            subscription.id(), hour, total.getKey());
                }
                work.add(entry);
            }
        }
        return Optional.of(work);
    }

    private List<Workspace> boundWorkspaces(MarketplaceSubscription subscription) {
        List<Workspace> bound = new ArrayList<>();
        for (String id : subscriptions.workspaceIds(subscription.id())) {
            workspaces.find(id).filter(w -> w.isBilledThrough(subscription.id())).ifPresent(bound::add);
        }
        return bound;
    }

    /** Usage of the hour per marketplace dimension, from the workspaces bound before the hour ended. */
    private Map<String, Long> totals(List<Workspace> bound, Instant hour) {
        Map<String, Long> totals = new LinkedHashMap<>();
        Instant hourEnd = hour.plus(1, ChronoUnit.HOURS);
        for (Workspace workspace : bound) {
            if (workspace.boundAt() != null && !workspace.boundAt().isBefore(hourEnd)) {
                continue;
            }
            usage.sumByDimension(workspace.id(), hour).forEach((usageDimension, quantity) ->
                    dimensions.marketplaceDimension(usageDimension)
                            .ifPresent(dimension -> totals.merge(dimension, quantity, Long::sum)));
        }
        totals.values().removeIf(quantity -> quantity == 0);
        return totals;
    }

    private boolean tooOld(Instant hour, Instant now) {
        return !hour.plus(window).isAfter(now);
    }

    // ---- sending

    private void send(List<Work> works, Tally tally) {
        Instant now = clock.instant();
        Map<String, List<Pending>> byProduct = new LinkedHashMap<>();
        for (Work work : works) {
            for (LedgerEntry entry : work.entries.values()) {
                if (entry.state() != LedgerEntry.State.PENDING) {
                    continue;
                }
                if (tooOld(entry.hour(), now)) {
                    work.settle(entry, LedgerEntry.State.FLAGGED, "outside the metering window");
                    tally.flagged++;
                    continue;
                }
                if (entry.quantity() > Integer.MAX_VALUE) {
                    // BatchMeterUsage takes at most 2^31-1 per record: flag it rather than bill less
                    work.settle(entry, LedgerEntry.State.FLAGGED, "quantity above the marketplace's maximum");
                    tally.flagged++;
                    continue;
                }
                byProduct.computeIfAbsent(work.subscription.aws().productCode(), k -> new ArrayList<>())
                        .add(new Pending(work, entry, line(work.subscription.aws(), entry)));
            }
        }
        byProduct.forEach((productCode, pending) -> {
            for (int from = 0; from < pending.size(); from += AwsMetering.MAX_RECORDS_PER_CALL) {
                sendCall(productCode, pending.subList(from,
                        Math.min(pending.size(), from + AwsMetering.MAX_RECORDS_PER_CALL)), tally);
            }
        });
    }

    private void sendCall(String productCode, List<Pending> batch, Tally tally) {
        Map<String, Pending> byKey = new HashMap<>();
        batch.forEach(p -> byKey.put(p.line.ledgerKey(), p));
        List<MeteringLine> todo = batch.stream().map(Pending::line).toList();
        for (int attempt = 0; !todo.isEmpty() && attempt < backoff.maxAttempts(); attempt++) {
            if (attempt > 0) {
                pause.sleep(backoff.delay(attempt));
            }
            limiter.acquire();
            tally.calls++;
            try {
                MeteringResult result = metering.batchMeterUsage(productCode, todo);
                for (MeteringResult.LineResult lineResult : result.results()) {
                    Pending pending = byKey.get(lineResult.line().ledgerKey());
                    if (pending != null) {
                        settleSent(pending, lineResult, tally);
                    }
                }
                todo = result.unprocessed();
            } catch (MeteringRejectedException rejected) {
                if (todo.size() > 1) {
                    // one bad record refuses the whole call: find it by sending one at a time
                    for (MeteringLine single : todo) {
                        sendCall(productCode, List.of(byKey.get(single.ledgerKey())), tally);
                    }
                } else {
                    Pending pending = byKey.get(todo.get(0).ledgerKey());
                    pending.work.settle(pending.entry, LedgerEntry.State.FLAGGED, "refused: " + rejected.reason());
                    tally.flagged++;
                }
                return;
            } catch (MarketplaceUnavailableException throttledOrDown) {
                LOG.warn("metering call failed attempt={} error={}", attempt + 1, throttledOrDown.getMessage());
            }
        }
        tally.pendingLeft += todo.size();
    }

    private void settleSent(Pending pending, MeteringResult.LineResult result, Tally tally) {
        switch (result.status()) {
            case SUCCESS -> {
                pending.work.settle(pending.entry, LedgerEntry.State.SENT, "Success:" + result.meteringRecordId());
                tally.sent++;
            }
            case DUPLICATE -> {
                pending.work.settle(pending.entry, LedgerEntry.State.SENT, "DuplicateRecord");
                tally.duplicates++;
            }
            case CUSTOMER_NOT_SUBSCRIBED -> {
                pending.work.settle(pending.entry, LedgerEntry.State.NOT_SUBSCRIBED, "CustomerNotSubscribed");
                tally.notSubscribed++;
            }
        }
    }

    private static MeteringLine line(AwsCustomer customer, LedgerEntry entry) {
        int quantity = (int) Math.min(Integer.MAX_VALUE, entry.quantity());
        String key = MeteringLedger.keyText(entry);
        return customer.customerAwsAccountId() != null && customer.licenseArn() != null
                ? new MeteringLine(key, null, customer.customerAwsAccountId(), customer.licenseArn(),
                entry.dimension(), entry.hour(), quantity)
                : new MeteringLine(key, customer.customerIdentifier(), null, null, entry.dimension(), entry.hour(),
                quantity);
    }

    // ---- settling: move the subscription's progress past fully settled hours only

    private void settle(Work work, Instant now, Tally tally) {
        tally.subscriptions++;
        work.writeSettledEntries(ledger);
        boolean allSettled = work.entries.values().stream().allMatch(e -> e.state().settled());
        boolean notSubscribed = work.entries.values().stream()
                .anyMatch(e -> e.state() == LedgerEntry.State.NOT_SUBSCRIBED);
        boolean over = work.subscription.marketplace().stage().isOver();
        // the state as this run read it; read again only if a concurrent write makes the save fail
        MeteringState fresh = work.state;
        while (true) {
            if (fresh == null || !fresh.meteredThrough().equals(work.state.meteredThrough())) {
                return;
            }
            MeteringState next;
            if (!allSettled) {
                next = fresh.settledThrough(fresh.meteredThrough(), now.plus(RETRY_DELAY));
            } else if (notSubscribed || work.state.finalReport()
                    || (over && !work.limit.isBefore(closedBefore(now)))) {
                // the buyer is gone, or the final report (through the current hour) went out
                next = fresh.stoppedAt(work.limit);
            } else {
                next = fresh.settledThrough(work.limit, firstDue(work.limit));
            }
            if (!next.stopped() && fresh.finalReport() && !work.state.finalReport()
                    && fresh.dueAt().isBefore(next.dueAt())) {
                // a notice asked for the final report while this run was under way: it stays due now
                next = next.settledThrough(next.meteredThrough(), fresh.dueAt());
            }
            try {
                states.save(next);
                if (next.stopped() && release != null) {
                    release.release(next.subscriptionId());
                }
                return;
            } catch (ConditionFailedException concurrent) {
                // a notice asked for the final report meanwhile: keep its flag, read again
                fresh = states.find(work.state.subscriptionId()).orElse(null);
            }
        }
    }

    private record Pending(Work work, LedgerEntry entry, MeteringLine line) {
    }

    /** A task's result and what it counted. */
    private record Done<R>(R result, Tally tally) {
    }

    /** Runs the tasks on the pool, in order of the inputs, adding up their counts; a crash propagates. */
    private static <T, R> List<R> inParallel(ExecutorService pool, List<T> inputs,
                                             java.util.function.Function<T, Done<R>> task, Tally total) {
        List<Future<Done<R>>> futures = new ArrayList<>();
        for (T input : inputs) {
            futures.add(pool.submit(() -> task.apply(input)));
        }
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

    /** One subscription's share of a run: its ledger entries for the hours in [meteredThrough, limit). */
    private static final class Work {
        final MeteringState state;
        final MarketplaceSubscription subscription;
        final Instant limit;
        final Map<String, LedgerEntry> entries = new LinkedHashMap<>();
        final TreeSet<String> changed = new TreeSet<>();

        Work(MeteringState state, MarketplaceSubscription subscription, Instant limit) {
            this.state = state;
            this.subscription = subscription;
            this.limit = limit;
        }

        void add(LedgerEntry entry) {
            entries.put(MeteringLedger.keyText(entry), entry);
        }

        synchronized void settle(LedgerEntry entry, LedgerEntry.State state, String detail) {
            String key = MeteringLedger.keyText(entry);
            entries.put(key, entries.get(key).settle(state, detail));
            changed.add(key);
        }

        void writeSettledEntries(MeteringLedger ledger) {
            for (String key : changed) {
                LedgerEntry entry = entries.get(key);
                try {
                    entries.put(key, ledger.save(entry));
                } catch (ConditionFailedException concurrentRun) {
                    ledger.find(entry.subscriptionId(), entry.hour(), entry.dimension())
                            .ifPresent(stored -> entries.put(key, stored));
                }
            }
            changed.clear();
        }
    }

    private static final class Tally {
        int subscriptions;
        int sent;
        int duplicates;
        int notSubscribed;
        int flagged;
        int calls;
        int pendingLeft;
        int failed;
        boolean deadlineReached;

        void add(Tally other) {
            subscriptions += other.subscriptions;
            sent += other.sent;
            duplicates += other.duplicates;
            notSubscribed += other.notSubscribed;
            flagged += other.flagged;
            calls += other.calls;
            pendingLeft += other.pendingLeft;
            failed += other.failed;
        }

        Report report() {
            return new Report(subscriptions, sent, duplicates, notSubscribed, flagged, calls, pendingLeft, failed,
                    deadlineReached);
        }
    }
}
