package org.mpactivation.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;

/**
 * The steps that tie a subscription to a Billing Center account and its workspaces. Each is a
 * single-item conditional write that can be repeated safely.
 */
public final class SubscriptionBinding {

    private final SubscriptionRepository subscriptions;
    private final WorkspaceRepository workspaces;
    private final AccountRepository accounts;
    private final AuditTrail audit;
    private final MeteringStates metering;
    private final Clock clock;
    private final Duration abandonedClaimAge;

    /**
     * @param abandonedClaimAge after this long, a claim by a Billing Center account that was never
     *                          created (a saga abandoned after a crash) no longer blocks others
     */
    public SubscriptionBinding(SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                               AccountRepository accounts, AuditTrail audit, MeteringStates metering, Clock clock,
                               Duration abandonedClaimAge) {
        this.subscriptions = subscriptions;
        this.workspaces = workspaces;
        this.accounts = accounts;
        this.audit = audit;
        this.metering = metering;
        this.clock = clock;
        this.abandonedClaimAge = abandonedClaimAge;
    }

    /**
     * Makes {@code billingAccountId} the account this subscription bills, unless another account
     * holds it.
     *
     * @throws ActivationConflictException if another account holds it, or it has ended
     */
    public MarketplaceSubscription claim(SubscriptionId id, String billingAccountId) {
        while (true) {
            MarketplaceSubscription subscription = load(id);
            checkClaimable(subscription, billingAccountId);
            if (subscription.isBoundTo(billingAccountId)) {
                return subscription;
            }
            try {
                return subscriptions.save(subscription.withBillingAccount(billingAccountId, clock.instant()));
            } catch (ConditionFailedException concurrent) {
                // read again and decide again
            }
        }
    }

    /** Claims the subscription if needed and moves it to ACTIVE, with its audit entry. */
    public MarketplaceSubscription activate(SubscriptionId id, String billingAccountId, String cause) {
        while (true) {
            MarketplaceSubscription subscription = load(id);
            checkClaimable(subscription, billingAccountId);
            if (subscription.isBoundTo(billingAccountId) && subscription.activatedAt() != null) {
                audit.recordChangeOf(subscription);
                startMetering(subscription);
                return subscription;
            }
            Instant now = clock.instant();
            MarketplaceSubscription next = subscription.isBoundTo(billingAccountId)
                    ? subscription : subscription.withBillingAccount(billingAccountId, now);
            next = next.activated(cause, now);
            try {
                MarketplaceSubscription saved = subscriptions.save(next);
                audit.recordChangeOf(saved);
                startMetering(saved);
                return saved;
            } catch (ConditionFailedException concurrent) {
                // read again and decide again
            }
        }
    }

    /**
     * Bills a workspace through the subscription: the workspace takes the subscription as its one
     * billing channel, and the subscription lists the workspace.
     *
     * @throws ActivationConflictException if the workspace is billed through another channel
     */
    public Workspace bindWorkspace(String workspaceId, SubscriptionId subscription) {
        while (true) {
            Workspace workspace = workspaces.find(workspaceId)
                    .orElseThrow(() -> new ActivationConflictException("error.workspace.unknown"));
            if (workspace.isBilledThrough(subscription)) {
                subscriptions.linkWorkspace(subscription, workspaceId, workspace.boundAt());
                return workspace;
            }
            if (!workspace.isBindable()) {
                throw new ActivationConflictException("error.workspace.otherChannel");
            }
            try {
                Workspace bound = workspaces.save(workspace.boundTo(subscription, clock.instant()));
                subscriptions.linkWorkspace(subscription, workspaceId, bound.boundAt());
                return bound;
            } catch (ConditionFailedException concurrent) {
                // read again and decide again
            }
        }
    }

    /** Usage is reported from the hour of activation on. */
    private void startMetering(MarketplaceSubscription subscription) {
        Instant fromHour = subscription.activatedAt().truncatedTo(ChronoUnit.HOURS);
        metering.start(subscription.id(), fromHour, HourlyMetering.firstDue(fromHour));
    }

    private MarketplaceSubscription load(SubscriptionId id) {
        return subscriptions.find(id).orElseThrow(() -> new ActivationConflictException("error.subscription.unknown"));
    }

    private void checkClaimable(MarketplaceSubscription subscription, String billingAccountId) {
        if (!subscription.status().isLive() || subscription.status() == SubscriptionStatus.UNSUBSCRIBE_PENDING) {
            throw new ActivationConflictException("error.subscription.ended");
        }
        String holder = subscription.billingAccountId();
        if (holder == null || holder.equals(billingAccountId)) {
            return;
        }
        boolean abandoned = accounts.findBillingAccount(holder).isEmpty()
                && subscription.billingAccountBoundAt() != null
                && subscription.billingAccountBoundAt().plus(abandonedClaimAge).isBefore(clock.instant());
        if (!abandoned) {
            throw new ActivationConflictException("error.subscription.otherAccount");
        }
    }
}
