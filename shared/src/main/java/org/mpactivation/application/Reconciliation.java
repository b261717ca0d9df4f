package org.mpactivation.application;

import org.mpactivation.port.out.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.ReconciliationProgress;
import org.mpactivation.domain.ReconciliationRun;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.DriftReports;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.MeteringFacts;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.port.out.ReconciliationSchedule;
import org.mpactivation.port.out.Slice;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily comparison of the metering ledger with what the marketplace recorded, per subscription
 * and hour (see {@link DriftKind} for what is reported). A run first puts every subscription being
 * metered on the reconciliation schedule (one whose metering stopped was put there as it stopped:
 * see {@code MeteringStates.stop}), then reads the schedule page by page, shard by shard, and for
 * each subscription that is due compares the hours from where it was last checked, and always the
 * last {@link #LOOKBACK}, up to the hour whose metering window has closed. Drift is stored for the
 * operator view and logged, one line per finding. A subscription whose metering has stopped is
 * compared once more past its last metered hour plus the look-back, then leaves the schedule.
 */
public final class Reconciliation {

    /** How often each subscription is compared. */
    public static final Duration INTERVAL = Duration.ofDays(1);
    /** Hours compared again on every run, so drift that shows up late is still found. */
    public static final Duration LOOKBACK = Duration.ofDays(2);
    /** At most this many hours of one subscription per run (a long pause catches up over runs). */
    static final long MAX_HOURS_PER_RUN = 8 * 24;
    private static final int PAGE = 100;
    /** How each finding's log line begins: the deployed alarm counts them. */
    public static final String DRIFT_LOG = "reconciliation drift";
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final MeteringFacts facts;
    private final MarketplaceUsageRecords marketplace;
    private final ReconciliationSchedule schedule;
    private final DriftReports reports;
    private final Clock clock;
    private final Duration settled;

    /**
     * @param settled how long after an hour's end its metering is final: the metering window plus
     *                the intake's grace; later hours are left for the next run
     */
    public Reconciliation(MeteringFacts facts, MarketplaceUsageRecords marketplace, ReconciliationSchedule schedule,
                          DriftReports reports, Clock clock, Duration settled) {
        this.facts = facts;
        this.marketplace = marketplace;
        this.schedule = schedule;
        this.reports = reports;
        this.clock = clock;
        this.settled = Objects.requireNonNull(settled, "settled");
    }

    /** What one run did; {@code found} counts drift per kind. */
    public record Report(int enrolled, int subscriptions, Map<DriftKind, Integer> found, int failed,
                         boolean deadlineReached) {

        public Report {
            found = Map.copyOf(found);
        }

        public int drifts() {
            return found.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int count(DriftKind kind) {
            return found.getOrDefault(kind, 0);
        }
    }

    /** One run with no time limit (tests, the local server). */
    public Report run(String runId) {
        return run(runId, ChronoUnit.FOREVER.getDuration());
    }

    /** One run, the drift it found recorded in {@code metrics}. */
    public Report run(String runId, Duration budget, Metrics metrics) {
        Report report = run(runId, budget);
        OperationCounts.drift(metrics, Cloud.AWS, report.found());
        return report;
    }

    /** One run; it takes no new page once {@code budget} has passed (what is left stays due). */
    public Report run(String runId, Duration budget) {
        Instant now = clock.instant();
        Instant deadline = budget.compareTo(Duration.ofDays(365)) > 0 ? Instant.MAX : now.plus(budget);
        Instant settledBefore = now.minus(settled).truncatedTo(ChronoUnit.HOURS);
        Tally tally = new Tally();
        enrollMetered(settledBefore, now, deadline, tally);
        for (int shard = 0; shard < schedule.shards() && !tally.deadlineReached; shard++) {
            String cursor = null;
            do {
                if (!clock.instant().isBefore(deadline)) {
                    tally.deadlineReached = true;
                    break;
                }
                Slice<ReconciliationProgress> page = schedule.due(shard, now, cursor, PAGE);
                for (ReconciliationProgress due : page.items()) {
                    try {
                        reconcile(due, settledBefore, runId, now, tally);
                        tally.subscriptions++;
                    } catch (RuntimeException e) {
                        // one subscription's trouble must not stop the others: it stays due
                        tally.failed++;
                        LOG.error("reconciliation failed subscription={}", due.subscriptionId(), e);
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        Report report = new Report(tally.enrolled, tally.subscriptions, tally.found, tally.failed,
                tally.deadlineReached);
        reports.runFinished(new ReconciliationRun(runId, now, clock.instant(), report.subscriptions(),
                report.drifts(), report.failed(), !report.deadlineReached()));
        LOG.info("reconciliation run={} enrolled={} subscriptions={} drifts={} failed={} deadlineReached={}", runId,
                report.enrolled(), report.subscriptions(), report.drifts(), report.failed(),
                report.deadlineReached());
        return report;
    }

    /**
     * Whether the ledger comparison covers a subscription: what AWS recorded is read back (the
     * per-record results, or the simulator's record); Azure's metering is not, and its subscriptions
     * are compared with the SaaS Fulfillment API by {@link AzureReconciliation}. Compared with nothing,
     * every hour sent would be reported missing.
     */
    public static boolean compares(SubscriptionId id) {
        return id.cloud() == Cloud.AWS;
    }

    /**
     * Where the comparison of a subscription whose metering stops begins, for its enrolment then: the
     * hour it was first activated in, at or before its first metered hour (see
     * {@code SubscriptionBinding}'s start of metering), else the hour it was created in; for an
     * unknown subscription its last metered hour (the run retires it at once). Null for a
     * subscription the ledger comparison does not cover ({@link #compares}): it is not enrolled.
     */
    public static Instant enrolFrom(SubscriptionId id, Optional<MarketplaceSubscription> subscription,
                                    Instant meteredThrough) {
        if (!compares(id)) {
            return null;
        }
        Instant start = subscription.map(s -> s.activatedAt() != null ? s.activatedAt() : s.createdAt()).orElse(null);
        return start != null ? start.truncatedTo(ChronoUnit.HOURS) : meteredThrough;
    }

    /**
     * Subscriptions being metered join the schedule here, due at once: activation does not enroll
     * them, and one whose metering stops before this run enrolled itself then.
     */
    private void enrollMetered(Instant settledBefore, Instant now, Instant deadline, Tally tally) {
        for (int shard = 0; shard < facts.meteringShards(); shard++) {
            String cursor = null;
            do {
                if (!clock.instant().isBefore(deadline)) {
                    tally.deadlineReached = true;
                    return;
                }
                Slice<MeteringState> page = facts.metered(shard, cursor, PAGE);
                for (MeteringState state : page.items()) {
                    if (compares(state.subscriptionId()) && !schedule.isEnrolled(state.subscriptionId())) {
                        schedule.enroll(state.subscriptionId(), settledBefore.minus(LOOKBACK), now);
                        tally.enrolled++;
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
    }

    private void reconcile(ReconciliationProgress due, Instant settledBefore, String runId, Instant now,
                           Tally tally) {
        if (!compares(due.subscriptionId())) {
            LOG.info("reconciliation retired a subscription whose usage it cannot read back subscription={}",
                    due.subscriptionId());
            save(due.checked(due.checkedThrough(), null));
            return;
        }
        Optional<MarketplaceSubscription> found = facts.subscription(due.subscriptionId());
        if (found.isEmpty()) {
            LOG.warn("reconciliation retired an unknown subscription subscription={}", due.subscriptionId());
            save(due.checked(due.checkedThrough(), null));
            return;
        }
        MarketplaceSubscription subscription = found.get();
        Instant lookback = settledBefore.minus(LOOKBACK);
        Instant from = due.checkedThrough().isBefore(lookback) ? due.checkedThrough() : lookback;
        Instant to = from.plus(MAX_HOURS_PER_RUN, ChronoUnit.HOURS);
        to = to.isBefore(settledBefore) ? to : settledBefore;
        Instant ownFrom = later(from, firstOwnHour(subscription));
        Instant ownTo = earlier(to, endOfOwnHours(subscription));
        if (ownFrom.isBefore(ownTo)) {
            List<LedgerEntry> ledger = facts.ledger(subscription.id(), ownFrom, ownTo);
            List<RecordedUsage> recorded = marketplace.recorded(subscription, ownFrom, ownTo);
            EndedPeriods ended = EndedPeriods.of(subscription, facts.statusHistory(subscription.id()));
            for (Drift drift : DriftFinder.compare(subscription.id(), ledger, recorded, ended, runId, now)) {
                reports.record(drift);
                tally.found.merge(drift.kind(), 1, Integer::sum);
                LOG.warn("{} kind={} subscription={} hour={} dimension={} ledgerQuantity={} marketplaceQuantity={}"
                                + " run={}", DRIFT_LOG, drift.kind(), drift.subscriptionId(), drift.hour(),
                        drift.dimension(), drift.ledgerQuantity(), drift.marketplaceQuantity(), runId);
            }
        }
        Instant checkedThrough = to.isAfter(due.checkedThrough()) ? to : due.checkedThrough();
        boolean caughtUp = !checkedThrough.isBefore(settledBefore);
        Optional<MeteringState> metering = facts.metering(subscription.id());
        boolean stopped = metering.map(MeteringState::stopped).orElse(true);
        boolean nothingLeft = stopped && caughtUp && !lookback.isBefore(metering
                .map(MeteringState::meteredThrough).orElse(due.checkedThrough()));
        save(due.checked(checkedThrough, nothingLeft ? null : caughtUp ? now.plus(INTERVAL) : now));
    }

    /*
     * The marketplace knows a buyer named by customer identifier by that identifier alone, so a record
     * of one hour belongs to whichever of the buyer's purchases reported that hour: a purchase's own
     * hours begin where the previous purchase's reports ended, and, once the buyer bought again, end
     * where its own reports ended (see SubscriptionBinding's start of metering). Without a next
     * purchase, records after the end stay this subscription's: billed after its end.
     */

    private Instant firstOwnHour(MarketplaceSubscription subscription) {
        if (subscription.aws() == null || !subscription.aws().meteredByCustomerIdentifier()) {
            return Instant.MIN;
        }
        return subscription.id().previousPurchase().flatMap(facts::metering).map(MeteringState::meteredThrough)
                .orElse(Instant.MIN);
    }

    private Instant endOfOwnHours(MarketplaceSubscription subscription) {
        if (subscription.aws() == null || !subscription.aws().meteredByCustomerIdentifier()
                || subscription.id().nextPurchase().flatMap(facts::metering).isEmpty()) {
            return Instant.MAX;
        }
        return facts.metering(subscription.id()).filter(MeteringState::stopped).map(MeteringState::meteredThrough)
                .orElse(Instant.MAX);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private void save(ReconciliationProgress progress) {
        try {
            schedule.save(progress);
        } catch (ConditionFailedException concurrent) {
            // another run moved it on: the next run decides again
        }
    }

    private static final class Tally {
        final Map<DriftKind, Integer> found = new EnumMap<>(DriftKind.class);
        int enrolled;
        int subscriptions;
        int failed;
        boolean deadlineReached;
    }
}
