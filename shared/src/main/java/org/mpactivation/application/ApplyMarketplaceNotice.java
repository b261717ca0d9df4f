package org.mpactivation.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.SubscriptionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies AWS lifecycle notices to subscriptions, each once, in order of meaning: the marketplace
 * stage only moves forward (an unsubscribe-success never turns back into active), a notice that
 * arrives before the buyer is remembered and applied on arrival, entitlement and licence changes
 * re-read the entitlements, an unsubscribe-pending (or an end) makes the final metering report
 * due now, and an end releases the subscription's workspaces once that report is settled. A buyer
 * who buys again under the same customer identifier has a new subscription: notices reach the
 * purchase they are about (see {@link #ofPurchases}).
 *
 * <p>Order of the steps: the announcement is remembered first, then applied to the subscription if
 * it exists, then the notice is marked as seen. A crash anywhere means the queue delivers it again;
 * every step is idempotent.
 */
public final class ApplyMarketplaceNotice implements NoticeReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyMarketplaceNotice.class);

    private final SubscriptionRepository subscriptions;
    private final NoticeLog notices;
    private final AuditTrail audit;
    private final MeteringStates metering;
    private final AwsMarketplace marketplace;
    private final WorkspaceRelease release;
    private final Clock clock;

    public ApplyMarketplaceNotice(SubscriptionRepository subscriptions, NoticeLog notices, AuditTrail audit,
                                  MeteringStates metering, AwsMarketplace marketplace, WorkspaceRelease release,
                                  Clock clock) {
        this.subscriptions = subscriptions;
        this.notices = notices;
        this.audit = audit;
        this.metering = metering;
        this.marketplace = marketplace;
        this.release = release;
        this.clock = clock;
    }

    @Override
    public Outcome receive(MarketplaceNotice notice) {
        if (notices.seen(notice.source(), notice.noticeId())) {
            return Outcome.DUPLICATE;
        }
        AwsSubscriptionRef ref = notice.aws();
        if (ref.agreementId() != null && ref.licenseArn() != null) {
            notices.linkAgreement(ref.agreementId(), ref.licenseArn());
        }
        Target target = locate(notice);
        notices.remember(ref, target.purchase(), notice.action());
        if (target.nextPurchase() != null) {
            notices.remember(ref, target.nextPurchase(), notice.action());
        }
        target.subscription().ifPresent(found -> apply(found, notice, target.purchase()));
        notices.markSeen(notice.source(), notice.noticeId(), clock.instant());
        LOG.info("notice applied source={} id={} action={} subscriptionKnown={}", notice.source(),
                notice.noticeId(), notice.action(), target.subscription().isPresent());
        return Outcome.APPLIED;
    }

    /**
     * Which subscription a notice is about.
     *
     * @param purchase     for a buyer named by customer identifier, which of their purchases the
     *                     notice is remembered for (null: the first, or not named so)
     * @param nextPurchase a purchase whose buyer has not arrived yet that the notice announces too
     */
    private record Target(Optional<MarketplaceSubscription> subscription, SubscriptionId purchase,
                          SubscriptionId nextPurchase) {
    }

    private Target locate(MarketplaceNotice notice) {
        AwsSubscriptionRef ref = notice.aws();
        String license = ref.licenseArn() != null ? ref.licenseArn()
                : ref.agreementId() == null ? null : notices.licenseOfAgreement(ref.agreementId()).orElse(null);
        Optional<MarketplaceSubscription> byLicense = license == null ? Optional.empty()
                : subscriptions.findByLicense(license).flatMap(subscriptions::find);
        if (ref.customerIdentifier() == null || ref.productCode() == null) {
            return new Target(byLicense, null, null);
        }
        AwsCustomer named = new AwsCustomer(ref.customerIdentifier(), null, ref.productCode(), null);
        if (byLicense.isPresent() && ref.licenseArn() != null) {
            // the purchase the licence names
            MarketplaceSubscription found = byLicense.get();
            boolean samePurchases = found.aws() != null
                    && ref.customerIdentifier().equals(found.aws().customerIdentifier());
            return new Target(byLicense, samePurchases ? found.id() : null, null);
        }
        List<MarketplaceSubscription> purchases = subscriptions.purchases(named);
        if (purchases.isEmpty() && byLicense.isPresent()) {
            // stored under its licence (the arrival named no customer identifier)
            return new Target(byLicense, null, null);
        }
        return ofPurchases(notice, named, purchases);
    }

    /**
     * AWS keeps a returning account's customer identifier, so a notice that names the buyer by it
     * goes to their latest purchase, except that an end goes to the purchase that existed when it
     * happened (a late end of an earlier purchase must not end a later one), and a subscribe-success
     * after the latest purchase ended also announces the next purchase, whose buyer is on the way.
     */
    private static Target ofPurchases(MarketplaceNotice notice, AwsCustomer named,
                                      List<MarketplaceSubscription> purchases) {
        if (purchases.isEmpty()) {
            return new Target(Optional.empty(), named.subscriptionId(1), null);
        }
        int chosen = purchases.size() - 1;
        if (notice.action().stage() != MarketplaceStage.LIVE) {
            while (chosen > 0 && purchases.get(chosen).createdAt().isAfter(notice.occurredAt())) {
                chosen--;
            }
        }
        MarketplaceSubscription target = purchases.get(chosen);
        SubscriptionId next = notice.action() == LifecycleAction.SUBSCRIBED && target.isOver()
                ? named.subscriptionId(purchases.size() + 1) : null;
        return new Target(Optional.of(target), target.id(), next);
    }

    /** @param found the subscription as just read; read again only after a concurrent change */
    private void apply(MarketplaceSubscription found, MarketplaceNotice notice, SubscriptionId purchase) {
        SubscriptionId id = found.id();
        String cause = "notice:" + notice.source() + ":" + notice.noticeId();
        // everything announced under any of the notice's names, this notice included: the same
        // merge whatever order the notices (and the buyer) arrive in
        MarketplaceState announced = notices.remembered(notice.aws(), purchase).orElse(MarketplaceState.initial())
                .after(notice.action());
        List<Entitlement> entitlements = null;
        MarketplaceSubscription current = found;
        ConflictRetries retries = ConflictRetries.of("notice " + cause + " for " + id);
        while (retries.next()) {
            if (entitlements == null && rereadsEntitlements(notice.action()) && current.aws() != null) {
                entitlements = marketplace.entitlements(current.aws());
            }
            Instant now = clock.instant();
            MarketplaceSubscription next = current.withMarketplace(current.marketplace().merge(announced), cause, now);
            if (entitlements != null) {
                next = next.withEntitlements(entitlements);
            }
            try {
                MarketplaceSubscription saved = next.equals(current) ? current : subscriptions.save(next);
                audit.recordChangeOf(saved);
                if (saved.marketplace().stage() != MarketplaceStage.LIVE) {
                    // unsubscribe-pending (or an end without it, as EventBridge sends): report what is left now
                    metering.finalReportDue(id, now);
                }
                if (saved.isOver()) {
                    // released now if its final report is settled already, else when it is
                    release.release(id, cause);
                }
                return;
            } catch (ConditionFailedException concurrent) {
                // another notice or the buyer changed it: apply to the fresh state
                current = subscriptions.find(id).orElseThrow();
            }
        }
        throw retries.exhausted();
    }

    private static boolean rereadsEntitlements(LifecycleAction action) {
        return action == LifecycleAction.ENTITLEMENTS_CHANGED || action == LifecycleAction.SUBSCRIBED;
    }
}
