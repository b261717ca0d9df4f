package org.mpactivation.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily comparison of every live subscription with the marketplace. It reads only the
 * subscriptions that are due (an index on the next check time, page by page), re-reads their
 * entitlements, repairs what a missed notification left wrong (entitlements that had been there and
 * have all expired, or are missing from two answers in a row an hour apart, end the subscription),
 * and flags those that end within a configurable number of days.
 */
public final class RenewalCheck {

    /** How often each live subscription is compared with the marketplace. */
    public static final Duration INTERVAL = Duration.ofDays(1);
    /** After an answer without the entitlements a subscription had, it is checked again this soon. */
    public static final Duration RECHECK_AFTER_MISS = Duration.ofHours(1);
    static final int MISSED_CHECKS_TO_END = 2;
    private static final Logger LOG = LoggerFactory.getLogger(RenewalCheck.class);

    private final SubscriptionRepository subscriptions;
    private final AuditTrail audit;
    private final MeteringStates metering;
    private final AwsMarketplace marketplace;
    private final Clock clock;
    private final Duration endingSoon;
    private final WorkspaceRelease release;

    public RenewalCheck(SubscriptionRepository subscriptions, AuditTrail audit, MeteringStates metering,
                        AwsMarketplace marketplace, Clock clock, Duration endingSoon) {
        this(subscriptions, audit, metering, marketplace, clock, endingSoon, null);
    }

    /** @param release asked to release the workspaces of a subscription this check ends (null: none) */
    public RenewalCheck(SubscriptionRepository subscriptions, AuditTrail audit, MeteringStates metering,
                        AwsMarketplace marketplace, Clock clock, Duration endingSoon, WorkspaceRelease release) {
        this.release = release;
        this.subscriptions = subscriptions;
        this.audit = audit;
        this.metering = metering;
        this.marketplace = marketplace;
        this.clock = clock;
        this.endingSoon = endingSoon;
    }

    /** What one run did. */
    public record Report(int checked, int repaired, int endingSoon, int failed) {
    }

    public Report run(String runId) {
        Instant now = clock.instant();
        int checked = 0;
        int repaired = 0;
        int soon = 0;
        int failed = 0;
        for (int shard = 0; shard < SubscriptionRepository.renewalShards(); shard++) {
            String cursor = null;
            do {
                Page page = subscriptions.dueForCheck(shard, now, cursor, 100);
                for (var item : page.items()) {
                    try {
                        Outcome outcome = check(SubscriptionRepository.fromStored(item), runId, now);
                        checked++;
                        repaired += outcome.repaired ? 1 : 0;
                        soon += outcome.endingSoon ? 1 : 0;
                    } catch (MarketplaceUnavailableException e) {
                        failed++;
                        LOG.warn("renewal check postponed: {}", e.getMessage());
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        LOG.info("renewal run={} checked={} repaired={} endingSoon={} failed={}", runId, checked, repaired, soon,
                failed);
        return new Report(checked, repaired, soon, failed);
    }

    private record Outcome(boolean repaired, boolean endingSoon) {
    }

    private Outcome check(MarketplaceSubscription due, String runId, Instant now) {
        List<Entitlement> entitlements = due.aws() == null || !due.status().isLive()
                ? due.entitlements() : marketplace.entitlements(due.aws());
        MarketplaceSubscription current = due;
        ConflictRetries retries = ConflictRetries.of("renewal check of " + due.id());
        while (retries.next()) {
            MarketplaceState state = current.marketplace();
            boolean hadSome = !current.entitlements().isEmpty();
            boolean noneReturned = entitlements.isEmpty();
            boolean allExpired = !noneReturned && entitlements.stream()
                    .noneMatch(e -> e.expiresAt() == null || e.expiresAt().isAfter(now));
            // one empty answer may be transient: the entitlements are kept and checked again soon;
            // the second empty answer in a row, or entitlements that all expired, end it
            int missed = hadSome && noneReturned ? state.missedChecks() + 1 : 0;
            boolean lapsed = hadSome && (allExpired || missed >= MISSED_CHECKS_TO_END);
            List<Entitlement> kept = hadSome && noneReturned && !lapsed ? current.entitlements() : entitlements;
            MarketplaceStage stage = lapsed ? state.stage().max(MarketplaceStage.ENDED) : state.stage();
            boolean soon = !stage.isOver() && kept.stream().map(Entitlement::expiresAt)
                    .filter(Objects::nonNull).filter(at -> at.isAfter(now))
                    .anyMatch(at -> at.isBefore(now.plus(endingSoon)));
            Instant nextCheck = !current.status().isLive() || stage.isOver() ? null
                    : missed > 0 ? now.plus(RECHECK_AFTER_MISS) : now.plus(INTERVAL);
            MarketplaceState next = new MarketplaceState(stage, state.confirmed(), nextCheck, soon,
                    lapsed ? 0 : missed, state.suspended());
            MarketplaceSubscription updated = current.withEntitlements(kept)
                    .withMarketplace(next, "renewal:" + runId, now);
            try {
                MarketplaceSubscription saved = subscriptions.save(updated);
                audit.recordChangeOf(saved);
                if (saved.marketplace().stage().isOver() && !current.marketplace().stage().isOver()) {
                    // ended without a notification: report what usage is left at once
                    metering.finalReportDue(saved.id(), now);
                    if (release != null) {
                        // at once if its metering had stopped already, else after the final report
                        release.release(saved.id(), "renewal:" + runId);
                    }
                }
                if (saved.status() != current.status()) {
                    LOG.info("renewal repaired subscription={} from={} to={}", saved.id(), current.status(),
                            saved.status());
                }
                if (soon && !state.endingSoon()) {
                    LOG.warn("subscription ends soon subscription={}", saved.id());
                }
                return new Outcome(saved.status() != current.status(), soon);
            } catch (ConditionFailedException concurrent) {
                current = subscriptions.find(current.id()).orElseThrow();
            }
        }
        throw retries.exhausted();
    }
}
