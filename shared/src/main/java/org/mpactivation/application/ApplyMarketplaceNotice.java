package org.mpactivation.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 * re-read the entitlements, and an unsubscribe-pending (or an end) makes the final metering report
 * due now.
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
    private final Clock clock;

    public ApplyMarketplaceNotice(SubscriptionRepository subscriptions, NoticeLog notices, AuditTrail audit,
                                  MeteringStates metering, AwsMarketplace marketplace, Clock clock) {
        this.subscriptions = subscriptions;
        this.notices = notices;
        this.audit = audit;
        this.metering = metering;
        this.marketplace = marketplace;
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
        notices.remember(ref, notice.action());
        Optional<MarketplaceSubscription> subscription = locate(ref);
        subscription.ifPresent(found -> apply(found, notice));
        notices.markSeen(notice.source(), notice.noticeId(), clock.instant());
        LOG.info("notice applied source={} id={} action={} subscriptionKnown={}", notice.source(),
                notice.noticeId(), notice.action(), subscription.isPresent());
        return Outcome.APPLIED;
    }

    private Optional<MarketplaceSubscription> locate(AwsSubscriptionRef ref) {
        if (ref.customerIdentifier() != null && ref.productCode() != null) {
            Optional<MarketplaceSubscription> byCustomer =
                    subscriptions.find(SubscriptionId.aws(ref.productCode(), ref.customerIdentifier()));
            if (byCustomer.isPresent()) {
                return byCustomer;
            }
        }
        String license = ref.licenseArn() != null ? ref.licenseArn()
                : ref.agreementId() == null ? null : notices.licenseOfAgreement(ref.agreementId()).orElse(null);
        return license == null ? Optional.empty() : subscriptions.findByLicense(license).flatMap(subscriptions::find);
    }

    /** @param found the subscription as just read; read again only after a concurrent change */
    private void apply(MarketplaceSubscription found, MarketplaceNotice notice) {
        SubscriptionId id = found.id();
        String cause = "notice:" + notice.source() + ":" + notice.noticeId();
        // everything announced under any of the notice's names, this notice included: the same
        // merge whatever order the notices (and the buyer) arrive in
        MarketplaceState announced = notices.remembered(notice.aws()).orElse(MarketplaceState.initial())
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
