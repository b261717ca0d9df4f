package org.mpactivation.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.MarketplaceOperation;
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
 * Writes an operation the marketplace has carried out into our copy of the subscription. The subscription is read
 * back from the Fulfillment API and followed ({@link AzurePurchases#follow}); where the read-back does not show the
 * operation's effect yet (the marketplace applies an accepted change shortly after our answer), the operation's
 * own plan, seats or reinstatement are taken. An unsubscribe ends the subscription whatever the read-back says, as
 * an end is final. Notifications (suspend, renew) follow the read-back only: it is the newer truth when a later
 * operation overtook this one.
 *
 * <p>Every step can run again: the audit entries of plan, seat and term changes are keyed by the operation's own
 * time and written just before the subscription, so a retry after a crash between the two writes finds the change
 * still to make and writes the same entries; the status entry comes from the change kept on the subscription; the
 * final metering report and the release of the workspaces are idempotent.
 */
final class AzureOperationEffects {

    private static final Logger LOG = LoggerFactory.getLogger(AzureOperationEffects.class);

    private final AzureFulfillment fulfillment;
    private final SubscriptionRepository subscriptions;
    private final AuditTrail audit;
    private final MeteringStates metering;
    private final WorkspaceRelease release;
    private final Clock clock;

    AzureOperationEffects(AzureFulfillment fulfillment, SubscriptionRepository subscriptions, AuditTrail audit,
                          MeteringStates metering, WorkspaceRelease release, Clock clock) {
        this.fulfillment = fulfillment;
        this.subscriptions = subscriptions;
        this.audit = audit;
        this.metering = metering;
        this.release = release;
        this.clock = clock;
    }

    /**
     * @param operation an operation the marketplace reports as succeeded
     * @return the subscription as stored afterwards
     */
    MarketplaceSubscription apply(MarketplaceOperation operation, AzureAction action, String cause) {
        SubscriptionId id = SubscriptionId.azure(operation.subscriptionId());
        SaasSubscription read = fulfillment.subscription(operation.subscriptionId());
        Instant at = operation.timeStamp() != null ? operation.timeStamp() : clock.instant();
        MarketplaceSubscription current = subscriptions.find(id).orElseGet(() -> firstSeen(read, cause));
        ConflictRetries retries = ConflictRetries.of("azure operation " + cause + " for " + id);
        while (retries.next()) {
            Instant now = clock.instant();
            MarketplaceSubscription next = AzurePurchases.follow(current, withEffect(read, operation, action,
                    current.azure()), cause, now);
            boolean changed = !next.equals(current);
            if (changed) {
                AzurePurchases.recordChanges(audit, next, current.azure(), cause, at);
            }
            try {
                MarketplaceSubscription saved = changed ? subscriptions.save(next) : current;
                audit.recordChangeOf(saved);
                if (saved.marketplace().stage() != MarketplaceStage.LIVE) {
                    metering.finalReportDue(id, now);
                }
                if (saved.isOver()) {
                    // released now if its final report is settled already (or it was never metered), else then
                    release.release(id, cause);
                }
                return saved;
            } catch (ConditionFailedException concurrent) {
                // the buyer, reconciliation or another operation changed it: apply to the fresh state
                current = subscriptions.find(id).orElseThrow();
            }
        }
        throw retries.exhausted();
    }

    /** A subscription whose buyer never came to the landing page: stored now, pending activation. */
    private MarketplaceSubscription firstSeen(SaasSubscription read, String cause) {
        LOG.info("azure subscription first seen through the webhook subscriptionId={} cause={}", read.id(), cause);
        return subscriptions.createOrGet(MarketplaceSubscription.newAzure(read.id(), AzurePurchases.of(read),
                clock.instant()));
    }

    /** The read-back with the operation's effect where it does not show it yet (see the class comment). */
    static SaasSubscription withEffect(SaasSubscription read, MarketplaceOperation operation, AzureAction action,
                                       AzurePurchase stored) {
        String plan = read.planId();
        Integer quantity = read.quantity();
        SaasSubscriptionStatus status = read.status();
        switch (action) {
            case CHANGE_PLAN -> {
                boolean readShowsOld = stored == null || plan.equals(stored.planId());
                if (operation.planId() != null && readShowsOld) {
                    plan = operation.planId();
                }
            }
            case CHANGE_QUANTITY -> {
                boolean readShowsOld = stored == null || Objects.equals(quantity, stored.quantity());
                if (operation.quantity() != null && readShowsOld) {
                    quantity = operation.quantity();
                }
            }
            case REINSTATE -> status = status == SaasSubscriptionStatus.SUSPENDED ? SaasSubscriptionStatus.SUBSCRIBED
                    : status;
            case UNSUBSCRIBE -> status = SaasSubscriptionStatus.UNSUBSCRIBED;
            default -> {
                // suspend and renew: the marketplace made the change before telling us; the read-back shows it
            }
        }
        if (Objects.equals(plan, read.planId()) && Objects.equals(quantity, read.quantity()) && status == read.status()) {
            return read;
        }
        return new SaasSubscription(read.id(), read.name(), read.offerId(), plan, quantity, status, read.purchaser(),
                read.beneficiary(), read.term(), read.autoRenew(), read.isTest(), read.isFreeTrial(), read.created());
    }
}
