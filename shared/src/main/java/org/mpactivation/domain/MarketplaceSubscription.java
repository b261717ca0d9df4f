package org.mpactivation.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a marketplace sold, what the marketplace has said about it since, and which Billing Center
 * account it bills once activated.
 *
 * <p>{@code status} is derived: from the marketplace's stage, and, while the subscription is live,
 * from whether the buyer finished activation. Every change of it is recorded in
 * {@code lastChange}, so that its audit entry can be written idempotently after the status write.
 *
 * @param aws                   the AWS buyer as resolved (null for other clouds)
 * @param azure                 the Azure purchase as last read from the marketplace (null for other clouds)
 * @param buyer                 who signed in during activation (Azure: with Entra ID), null until then
 * @param offerType             AWS {@code x-amzn-marketplace-offer-type} where sent
 * @param billingAccountBoundAt when the Billing Center account claimed this subscription
 * @param version               the store version (0 when not stored yet)
 */
public record MarketplaceSubscription(SubscriptionId id, CloudAccountRef cloudAccount, AwsCustomer aws,
                                      AzurePurchase azure, BuyerIdentity buyer,
                                      String offerType, List<Entitlement> entitlements,
                                      SubscriptionStatus status, MarketplaceState marketplace,
                                      String billingAccountId, Instant billingAccountBoundAt, Instant createdAt,
                                      Instant activatedAt, StatusChange lastChange, long version) {

    public MarketplaceSubscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cloudAccount, "cloudAccount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        entitlements = entitlements == null ? List.of() : List.copyOf(entitlements);
        marketplace = marketplace == null ? MarketplaceState.initial() : marketplace;
    }

    public static MarketplaceSubscription newAws(AwsCustomer customer, CloudAccountRef cloudAccount, String offerType,
                                                 List<Entitlement> entitlements, Instant now) {
        return newAws(customer.subscriptionId(), customer, cloudAccount, offerType, entitlements, now);
    }

    /** A new purchase under the given id (a returning buyer's later purchase has its own). */
    public static MarketplaceSubscription newAws(SubscriptionId id, AwsCustomer customer, CloudAccountRef cloudAccount,
                                                 String offerType, List<Entitlement> entitlements, Instant now) {
        return new MarketplaceSubscription(id, cloudAccount, customer, null, null, offerType, entitlements,
                SubscriptionStatus.PENDING_ACTIVATION, MarketplaceState.initial(), null, null, now, null, null, 0);
    }

    /** A SaaS subscription a buyer brought to the Azure landing page: pending until they activate it. */
    public static MarketplaceSubscription newAzure(String saasSubscriptionId, AzurePurchase purchase, Instant now) {
        CloudAccountRef account = new CloudAccountRef("azure-tenant", purchase.purchaser().tenantId() != null
                ? purchase.purchaser().tenantId() : "unknown-" + saasSubscriptionId);
        return new MarketplaceSubscription(SubscriptionId.azure(saasSubscriptionId), account, null, purchase, null, null,
                List.of(), SubscriptionStatus.PENDING_ACTIVATION, MarketplaceState.initial(), null, null, now, null,
                null, 0);
    }

    /** The Azure purchase as the marketplace now describes it (plan, seats, term, its status). */
    public MarketplaceSubscription withAzure(AzurePurchase purchase) {
        return new MarketplaceSubscription(id, cloudAccount, aws, purchase, buyer, offerType, entitlements, status,
                marketplace, billingAccountId, billingAccountBoundAt, createdAt, activatedAt, lastChange, version);
    }

    /** Who signed in to activate it. */
    public MarketplaceSubscription withBuyer(BuyerIdentity identity) {
        return new MarketplaceSubscription(id, cloudAccount, aws, azure, identity, offerType, entitlements, status,
                marketplace, billingAccountId, billingAccountBoundAt, createdAt, activatedAt, lastChange, version);
    }

    /** The marketplace ended it (or it failed): no purchase of it can be activated any more. */
    public boolean isOver() {
        return marketplace.stage().isOver();
    }

    public boolean isBoundTo(String candidateBillingAccountId) {
        return billingAccountId != null && billingAccountId.equals(candidateBillingAccountId);
    }

    public MarketplaceSubscription withBillingAccount(String newBillingAccountId, Instant at) {
        return new MarketplaceSubscription(id, cloudAccount, aws, azure, buyer, offerType, entitlements, status, marketplace,
                newBillingAccountId, at, createdAt, activatedAt, lastChange, version);
    }

    public MarketplaceSubscription withEntitlements(List<Entitlement> newEntitlements) {
        return new MarketplaceSubscription(id, cloudAccount, aws, azure, buyer, offerType, newEntitlements, status, marketplace,
                billingAccountId, billingAccountBoundAt, createdAt, activatedAt, lastChange, version);
    }

    /** The buyer finished activation: ACTIVE unless the marketplace has ended it meanwhile. */
    public MarketplaceSubscription activated(String cause, Instant at) {
        MarketplaceSubscription marked = new MarketplaceSubscription(id, cloudAccount, aws, azure, buyer, offerType, entitlements,
                status, marketplace, billingAccountId, billingAccountBoundAt, createdAt,
                activatedAt == null ? at : activatedAt, lastChange, version);
        return marked.withStatus(marked.derivedStatus(), cause, at);
    }

    /** The marketplace's state changed (a notice, a repair): the status follows, with its cause. */
    public MarketplaceSubscription withMarketplace(MarketplaceState newState, String cause, Instant at) {
        MarketplaceSubscription changed = new MarketplaceSubscription(id, cloudAccount, aws, azure, buyer, offerType, entitlements,
                status, newState, billingAccountId, billingAccountBoundAt, createdAt, activatedAt, lastChange, version);
        return changed.withStatus(changed.derivedStatus(), cause, at);
    }

    /** The status that stage and activation give. */
    public SubscriptionStatus derivedStatus() {
        return switch (marketplace.stage()) {
            case ENDED -> SubscriptionStatus.UNSUBSCRIBED;
            case FAILED -> SubscriptionStatus.FAILED;
            case ENDING -> SubscriptionStatus.UNSUBSCRIBE_PENDING;
            case LIVE -> marketplace.suspended() ? SubscriptionStatus.SUSPENDED
                    : activatedAt != null ? SubscriptionStatus.ACTIVE : SubscriptionStatus.PENDING_ACTIVATION;
        };
    }

    private MarketplaceSubscription withStatus(SubscriptionStatus next, String cause, Instant at) {
        if (next == status) {
            return this;
        }
        return new MarketplaceSubscription(id, cloudAccount, aws, azure, buyer, offerType, entitlements, next, marketplace,
                billingAccountId, billingAccountBoundAt, createdAt, activatedAt,
                new StatusChange(status, next, cause, at), version);
    }

    // written out rather than generated: see ItemKey
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof MarketplaceSubscription that && version == that.version
                && id.equals(that.id) && cloudAccount.equals(that.cloudAccount) && Objects.equals(aws, that.aws)
                && Objects.equals(azure, that.azure) && Objects.equals(buyer, that.buyer)
                && Objects.equals(offerType, that.offerType) && entitlements.equals(that.entitlements)
                && status == that.status && Objects.equals(marketplace, that.marketplace)
                && Objects.equals(billingAccountId, that.billingAccountId)
                && Objects.equals(billingAccountBoundAt, that.billingAccountBoundAt)
                && createdAt.equals(that.createdAt) && Objects.equals(activatedAt, that.activatedAt)
                && Objects.equals(lastChange, that.lastChange);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, cloudAccount, aws, azure, buyer, offerType, entitlements, status, marketplace,
                billingAccountId, billingAccountBoundAt, createdAt, activatedAt, lastChange, version);
    }
}
