package org.mpactivation.application;

import java.util.Objects;
import org.mpactivation.observability.RequestContext;
import org.mpactivation.port.out.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
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
    private final PurchaseActivation marketplaceActivation;
    private final Metrics metrics;

    /**
     * @param abandonedClaimAge after this long, a claim by a Billing Center account that was never
     *                          created (a saga abandoned after a crash) no longer blocks others
     */
    public SubscriptionBinding(SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                               AccountRepository accounts, AuditTrail audit, MeteringStates metering, Clock clock,
                               Duration abandonedClaimAge) {
        this(subscriptions, workspaces, accounts, audit, metering, clock, abandonedClaimAge, PurchaseActivation.NONE);
    }

    /**
     * @param marketplaceActivation tells the marketplace when a subscription becomes active, where it
     *                              wants to know (Azure); called before the write that makes it active
     */
    public SubscriptionBinding(SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                               AccountRepository accounts, AuditTrail audit, MeteringStates metering, Clock clock,
                               Duration abandonedClaimAge, PurchaseActivation marketplaceActivation) {
        this(subscriptions, workspaces, accounts, audit, metering, clock, abandonedClaimAge, marketplaceActivation,
                Metrics.NONE);
    }

    /** @param metrics counts activations by cloud and outcome (activated, refused) */
    public SubscriptionBinding(SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                               AccountRepository accounts, AuditTrail audit, MeteringStates metering, Clock clock,
                               Duration abandonedClaimAge, PurchaseActivation marketplaceActivation, Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.marketplaceActivation = marketplaceActivation;
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
        ConflictRetries retries = ConflictRetries.of("claim of " + id);
        while (retries.next()) {
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
        throw retries.exhausted();
    }

    /**
     * Checks, without writing, that {@link #claim} would accept {@code billingAccountId}, so that a
     * step can refuse before its first write.
     *
     * @throws ActivationConflictException if another account holds the subscription, or it has ended
     */
    public void requireClaimable(SubscriptionId id, String billingAccountId) {
        checkClaimable(load(id), billingAccountId);
    }

    /**
     * Gives back a claim that a saga made and then had to abandon (compensation); a subscription that
     * was activated keeps its account.
     */
    public void withdrawClaim(SubscriptionId id, String billingAccountId) {
        ConflictRetries retries = ConflictRetries.of("withdraw claim of " + id);
        while (retries.next()) {
            MarketplaceSubscription subscription = load(id);
            if (!subscription.isBoundTo(billingAccountId) || subscription.activatedAt() != null) {
                return;
            }
            try {
                subscriptions.save(subscription.withBillingAccount(null, null));
                return;
            } catch (ConditionFailedException concurrent) {
                // read again and decide again
            }
        }
        throw retries.exhausted();
    }

    /** Claims the subscription if needed and moves it to ACTIVE, with its audit entry. */
    public MarketplaceSubscription activate(SubscriptionId id, String billingAccountId, String cause) {
        RequestContext.subscription(id.value());
        try {
            return activateOnce(id, billingAccountId, cause);
        } catch (ActivationConflictException refused) {
            metrics.count(Metrics.Names.ACTIVATIONS, id.cloud(), "refused");
            throw refused;
        }
    }

    private MarketplaceSubscription activateOnce(SubscriptionId id, String billingAccountId, String cause) {
        ConflictRetries retries = ConflictRetries.of("activate of " + id);
        while (retries.next()) {
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
            // the marketplace first (Azure bills from here on); a retry of this write calls it again, harmlessly
            next = marketplaceActivation.activate(next).activated(cause, now);
            try {
                MarketplaceSubscription saved = subscriptions.save(next);
                audit.recordChangeOf(saved);
                startMetering(saved);
                metrics.count(Metrics.Names.ACTIVATIONS, id.cloud(), "activated");
                return saved;
            } catch (ConditionFailedException concurrent) {
                // read again and decide again
            }
        }
        throw retries.exhausted();
    }

    /**
     * Bills a workspace through the subscription. The subscription lists the workspace first (a
     * link alone bills nothing: the metering counts a listed workspace only while its channel names
     * the subscription), then the workspace takes the subscription as its one billing channel by a
     * conditional write: the first link wins. Whichever write a crash interrupts, a workspace whose
     * channel names a subscription is listed by it, and repeating the call finishes the job.
     *
     * @throws ActivationConflictException if the workspace is billed through another channel; the
     *                                     subscription then does not list it
     */
    public Workspace bindWorkspace(String workspaceId, SubscriptionId subscription) {
        ConflictRetries retries = ConflictRetries.of("bind workspace of " + workspaceId);
        while (retries.next()) {
            Workspace workspace = workspaces.find(workspaceId)
                    .orElseThrow(() -> new ActivationConflictException("error.workspace.unknown"));
            if (workspace.isBilledThrough(subscription)) {
                // bound by an earlier attempt or a concurrent double-submit; the link is there
                // already, unless the binding predates link-first
                subscriptions.linkWorkspace(subscription, workspaceId, workspace.boundAt());
                return workspace;
            }
            if (!workspace.isBindable()) {
                withdrawLink(subscription, workspaceId);
                throw otherChannel(workspace, subscription);
            }
            Instant now = clock.instant();
            subscriptions.linkWorkspace(subscription, workspaceId, now);
            try {
                return workspaces.save(workspace.boundTo(subscription, now));
            } catch (ConditionFailedException concurrent) {
                // read again: bound here by a double-submit, or elsewhere
            }
        }
        throw retries.exhausted();
    }

    /**
     * Creates a workspace already billed through the subscription named by its channel, in the same
     * order as {@link #bindWorkspace}: the link, then the workspace (put if absent: the first link
     * wins). A workspace that an earlier attempt created and that is no longer billed here is bound
     * again if free, and refused if billed elsewhere.
     *
     * @throws ActivationConflictException if the workspace exists and is billed through another channel
     */
    public Workspace createBoundWorkspace(Workspace fresh) {
        subscriptions.linkWorkspace(channelOf(fresh), fresh.id(), fresh.boundAt());
        return createLinkedWorkspace(fresh);
    }

    /**
     * {@link #createBoundWorkspace} for a caller that has written the subscription's link to the
     * workspace already, in this attempt and before this call (a registration writes it in its batch
     * of write-once facts): only the workspace is written, so the link still comes first.
     *
     * @throws ActivationConflictException if the workspace exists and is billed through another channel
     */
    public Workspace createLinkedWorkspace(Workspace fresh) {
        SubscriptionId subscription = channelOf(fresh);
        Workspace stored = workspaces.createOrGet(fresh);
        return stored.isBilledThrough(subscription) ? stored : bindWorkspace(stored.id(), subscription);
    }

    private static SubscriptionId channelOf(Workspace fresh) {
        if (fresh.billingChannel() == null || fresh.boundAt() == null) {
            throw new IllegalArgumentException("a workspace created bound names its channel and binding time");
        }
        return fresh.billingChannel();
    }

    /**
     * Removes the subscription's link to a workspace billed through another channel: left by a bind
     * that lost the race, or crashed before it could set the channel. Should the workspace have
     * become free or billed here in the meantime (released and bound again), the link is put back,
     * since a bind in flight may have written it before this removal.
     */
    private void withdrawLink(SubscriptionId subscription, String workspaceId) {
        if (!subscriptions.unlinkWorkspace(subscription, workspaceId)) {
            return;
        }
        workspaces.find(workspaceId)
                .filter(w -> w.isBindable() || w.isBilledThrough(subscription))
                .ifPresent(w -> subscriptions.linkWorkspace(subscription, workspaceId, clock.instant()));
    }

    /**
     * Usage is reported from the hour of activation on, and never for an hour that the buyer's previous
     * purchase reports: AWS knows a buyer named by customer identifier by that identifier alone, so both
     * purchases bill the same keys. A previous purchase whose final report has not gone out yet may
     * still report through the current hour.
     */
    private void startMetering(MarketplaceSubscription subscription) {
        Instant fromHour = subscription.activatedAt().truncatedTo(ChronoUnit.HOURS);
        if (subscription.aws() != null && subscription.aws().meteredByCustomerIdentifier()) {
            Optional<MeteringState> previous = subscription.id().previousPurchase().flatMap(metering::find);
            if (previous.isPresent()) {
                Instant previousEnd = previous.get().stopped() ? previous.get().meteredThrough()
                        : latest(previous.get().meteredThrough(), fromHour.plus(1, ChronoUnit.HOURS));
                fromHour = latest(fromHour, previousEnd);
            }
        }
        metering.start(subscription.id(), fromHour, HourlyMetering.firstDue(fromHour));
    }

    /**
     * Why a workspace billed through another channel cannot be bound here: one store keeps each workspace
     * on one channel, and a channel of the other cloud is named, since the buyer may not know it.
     */
    static ActivationConflictException otherChannel(Workspace workspace, SubscriptionId target) {
        SubscriptionId channel = workspace.billingChannel();
        if (channel != null && channel.cloud() != target.cloud()) {
            return new ActivationConflictException(channel.cloud() == org.mpactivation.domain.Cloud.AWS
                    ? "error.workspace.billedThroughAws" : "error.workspace.billedThroughAzure");
        }
        return new ActivationConflictException("error.workspace.otherChannel");
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
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
