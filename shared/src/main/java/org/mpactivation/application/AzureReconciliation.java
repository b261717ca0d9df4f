package org.mpactivation.application;

import org.mpactivation.domain.Cloud;
import org.mpactivation.port.out.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.ReconciliationRun;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.DriftReports;
import org.mpactivation.port.out.Slice;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.AzureResourceNotFoundException;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.azure.SaasSubscriptionStatus;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily comparison of every Azure subscription with the SaaS Fulfillment API: a webhook that
 * never came (Azure gives up after 8 hours) must not leave a plan, a seat count, a suspension, an end
 * or a term wrong for good. Every subscription the marketplace lists is compared with ours and ours is
 * brought in line ({@link AzurePurchases#follow}, with the audit entries a webhook would have written,
 * and, for an end, the final metering report and the release of the workspaces); each difference is
 * also reported as drift, so the operator sees that a notification was missed. A subscription whose
 * auto-renewal is off and whose term ends within the configured period is flagged as ending soon (and
 * unflagged once renewed). Then every live subscription of ours that the marketplace did not list is
 * read on its own: if the marketplace does not know it, that is drift too, left for the operator.
 *
 * <p>A run is idempotent: a second run finds the store in line and writes nothing. One subscription's
 * failure is counted and logged, and the run goes on; a listing that breaks off leaves the unlisted
 * check out (it would report the subscriptions of the pages not read).
 */
public final class AzureReconciliation {

    /** Subscriptions whose term ends within this period without renewing are flagged, by default. */
    public static final Duration DEFAULT_ENDING_SOON = Duration.ofDays(7);
    private static final int PAGE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(AzureReconciliation.class);

    private final AzureFulfillment fulfillment;
    private final SubscriptionRepository subscriptions;
    private final AuditTrail audit;
    private final MeteringStates metering;
    private final WorkspaceRelease release;
    private final DriftReports reports;
    private final Clock clock;
    private final Duration endingSoon;

    public AzureReconciliation(AzureFulfillment fulfillment, SubscriptionRepository subscriptions, AuditTrail audit,
                               MeteringStates metering, WorkspaceRelease release, DriftReports reports, Clock clock,
                               Duration endingSoon) {
        this.fulfillment = Objects.requireNonNull(fulfillment, "fulfillment");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.metering = Objects.requireNonNull(metering, "metering");
        this.release = Objects.requireNonNull(release, "release");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (endingSoon.isNegative()) {
            throw new IllegalArgumentException("negative ending-soon period");
        }
        this.endingSoon = endingSoon;
    }

    /**
     * What one run did. Every listed subscription is counted once as {@code unchanged}, {@code
     * repaired} (it differed: drift was reported and ours follows the marketplace now), {@code updated}
     * (written without drift: the ending-soon flag, the marketplace's confirmation, the buyer's name or
     * e-mail), {@code notStored} or {@code failed}; {@code unlisted} counts our live subscriptions the
     * marketplace did not list, read one by one. {@code found} counts drift per kind.
     *
     * @param complete false when the listing broke off (the unlisted check was left out)
     */
    public record Report(int listed, int unchanged, int repaired, int updated, int notStored, int unlisted,
                         int failed, int endingSoon, Map<DriftKind, Integer> found, boolean complete) {

        public Report {
            found = Map.copyOf(found);
        }

        public int drifts() {
            return found.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int count(DriftKind kind) {
            return found.getOrDefault(kind, 0);
        }

        /** The counts by name, as a job report shows them. */
        public Map<String, Integer> counts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("listed", listed);
            counts.put("unchanged", unchanged);
            counts.put("repaired", repaired);
            counts.put("updated", updated);
            counts.put("notStored", notStored);
            counts.put("unlisted", unlisted);
            counts.put("drift", drifts());
            counts.put("endingSoon", endingSoon);
            counts.put("failed", failed);
            counts.put("complete", complete ? 1 : 0);
            return counts;
        }
    }

    /** One run, the drift it found recorded in {@code metrics}. */
    public Report run(String runId, Metrics metrics) {
        Report report = run(runId);
        OperationCounts.drift(metrics, Cloud.AZURE, report.found());
        return report;
    }

    public Report run(String runId) {
        Instant now = clock.instant();
        Tally tally = new Tally();
        Set<SubscriptionId> known = ours();
        Set<SubscriptionId> listed = new HashSet<>();
        boolean complete = true;
        try (Stream<SaasSubscription> all = fulfillment.subscriptions()) {
            Iterator<SaasSubscription> pages = all.iterator();
            // as long as the marketplace's listing: each page is fetched as the one before is used up
            while (pages.hasNext()) {
                SaasSubscription current = pages.next();
                SubscriptionId id = SubscriptionId.azure(current.id());
                tally.listed++;
                listed.add(id);
                try {
                    compareListed(id, current, known.contains(id), runId, now, tally);
                } catch (RuntimeException e) {
                    // one subscription's trouble must not stop the others: the next run compares it again
                    tally.failed++;
                    LOG.error("azure reconciliation failed subscription={} run={}", id.asText(), runId, e);
                }
            }
        } catch (RuntimeException listingFailed) {
            complete = false;
            LOG.error("azure reconciliation listing broke off after {} subscriptions run={}", tally.listed, runId,
                    listingFailed);
        }
        if (complete) {
            for (SubscriptionId id : known) {
                if (!listed.contains(id)) {
                    checkUnlisted(id, runId, now, tally);
                }
            }
        }
        Report report = new Report(tally.listed, tally.unchanged, tally.repaired, tally.updated, tally.notStored,
                tally.unlisted, tally.failed, tally.endingSoon, tally.found, complete);
        reports.subscriptionRunFinished(new ReconciliationRun(runId, now, clock.instant(),
                report.listed() + report.unlisted(), report.drifts(), report.failed(), complete));
        LOG.info("azure reconciliation run={} listed={} unchanged={} repaired={} updated={} notStored={} unlisted={}"
                        + " drifts={} endingSoon={} failed={} complete={}", runId, report.listed(), report.unchanged(),
                report.repaired(), report.updated(), report.notStored(), report.unlisted(), report.drifts(),
                report.endingSoon(), report.failed(), complete);
        return report;
    }

    /** The Azure subscriptions we store, read before the listing so that new ones are not reported. */
    private Set<SubscriptionId> ours() {
        Set<SubscriptionId> ids = new HashSet<>();
        for (int shard = 0; shard < SubscriptionRepository.azureShards(); shard++) {
            String cursor = null;
            do {
                Slice<SubscriptionId> page = subscriptions.azureSubscriptions(shard, cursor, PAGE);
                ids.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return ids;
    }

    private void compareListed(SubscriptionId id, SaasSubscription current, boolean known, String runId,
                               Instant now, Tally tally) {
        Optional<MarketplaceSubscription> stored = subscriptions.find(id);
        if (stored.isEmpty()) {
            if (current.status() == SaasSubscriptionStatus.UNSUBSCRIBED) {
                // bought and cancelled before the buyer came to us: nothing to bill, nothing to repair
                tally.unchanged++;
            } else {
                tally.notStored++;
                report(List.of(SubscriptionDriftFinder.notStored(current, runId, now)), runId, tally);
            }
            return;
        }
        if (!known) {
            // stored before subscriptions were listed for this comparison
            subscriptions.listAzure(id);
        }
        bringInLine(stored.get(), current, runId, now, tally);
    }

    private void checkUnlisted(SubscriptionId id, String runId, Instant now, Tally tally) {
        try {
            Optional<MarketplaceSubscription> stored = subscriptions.find(id);
            if (stored.isEmpty() || stored.get().isOver()) {
                return;
            }
            tally.unlisted++;
            SaasSubscription current;
            try {
                current = fulfillment.subscription(id.value());
            } catch (AzureResourceNotFoundException unknown) {
                report(List.of(SubscriptionDriftFinder.notListed(stored.get(), runId, now)), runId, tally);
                return;
            }
            bringInLine(stored.get(), current, runId, now, tally);
        } catch (RuntimeException e) {
            tally.failed++;
            LOG.error("azure reconciliation failed subscription={} run={}", id.asText(), runId, e);
        }
    }

    /** @param stored as just read; read again only after a concurrent change */
    private void bringInLine(MarketplaceSubscription stored, SaasSubscription current, String runId, Instant now,
                             Tally tally) {
        String cause = "reconciliation:" + runId;
        MarketplaceSubscription before = stored;
        ConflictRetries retries = ConflictRetries.of("azure reconciliation of " + stored.id());
        while (retries.next()) {
            MarketplaceSubscription next = flagEndingSoon(AzurePurchases.follow(before, current, cause, now),
                    current, cause, now);
            List<Drift> drift = SubscriptionDriftFinder.compare(before, next, current, runId, now);
            try {
                MarketplaceSubscription saved = next.equals(before) ? before : subscriptions.save(next);
                if (saved != before) {
                    audit.recordChangeOf(saved);
                    AzurePurchases.recordChanges(audit, saved, before.azure(), cause, now);
                }
                if (saved.marketplace().stage() != MarketplaceStage.LIVE) {
                    // what an end does (idempotent, so an end a crash interrupted is finished here)
                    metering.finalReportDue(saved.id(), now);
                }
                if (saved.isOver()) {
                    release.release(saved.id(), cause);
                }
                report(drift, runId, tally);
                count(before, saved, drift, tally);
                return;
            } catch (ConditionFailedException concurrent) {
                // a webhook or the buyer changed it meanwhile: compare the fresh state
                before = subscriptions.find(stored.id()).orElseThrow();
            }
        }
        throw retries.exhausted();
    }

    /** Auto-renewal off and the term ending within the period: flagged; renewed or ended: unflagged. */
    private MarketplaceSubscription flagEndingSoon(MarketplaceSubscription s, SaasSubscription current,
                                                   String cause, Instant now) {
        Instant end = current.term().endDate();
        boolean soon = !s.isOver() && !current.autoRenew() && end != null && end.isBefore(now.plus(endingSoon));
        return soon == s.marketplace().endingSoon() ? s
                : s.withMarketplace(s.marketplace().withEndingSoon(soon), cause, now);
    }

    private static void count(MarketplaceSubscription before, MarketplaceSubscription saved, List<Drift> drift,
                              Tally tally) {
        if (!drift.isEmpty()) {
            tally.repaired++;
        } else if (saved != before) {
            tally.updated++;
        } else {
            tally.unchanged++;
        }
        if (saved.marketplace().endingSoon()) {
            tally.endingSoon++;
            if (!before.marketplace().endingSoon()) {
                LOG.warn("subscription ends soon subscription={} termEnd={}", saved.id().asText(),
                        saved.azure() == null ? null : saved.azure().termEnd());
            }
        }
    }

    private void report(List<Drift> drift, String runId, Tally tally) {
        for (Drift d : drift) {
            reports.record(d);
            tally.found.merge(d.kind(), 1, Integer::sum);
            LOG.warn("{} kind={} subscription={} hour={} dimension={} ours={} marketplace={} detail=\"{}\" run={}",
                    Reconciliation.DRIFT_LOG, d.kind(), d.subscriptionId().asText(), d.hour(), d.dimension(),
                    d.ledgerQuantity(), d.marketplaceQuantity(), d.detail(), runId);
        }
    }

    private static final class Tally {
        final Map<DriftKind, Integer> found = new EnumMap<>(DriftKind.class);
        int listed;
        int unchanged;
        int repaired;
        int updated;
        int notStored;
        int unlisted;
        int failed;
        int endingSoon;
    }
}
