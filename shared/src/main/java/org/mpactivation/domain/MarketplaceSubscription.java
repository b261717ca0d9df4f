package org.mpactivation.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a marketplace sold, and which Billing Center account it bills once activated.
 *
 * @param aws           the AWS buyer as resolved (null for other clouds)
 * @param billingAccountBoundAt when the Billing Center account claimed this subscription
 * @param offerType     AWS {@code x-amzn-marketplace-offer-type} where sent (for example free trial)
 * @param lastChange    the latest status change, kept on the item so that its audit entry can be
 *                      written idempotently after the status write (see {@code AuditTrail})
 * @param version       the store version (0 when not stored yet)
 */
public record MarketplaceSubscription(SubscriptionId id, CloudAccountRef cloudAccount, AwsCustomer aws,
                                      String offerType, List<Entitlement> entitlements,
                                      SubscriptionStatus status, String billingAccountId,
                                      Instant billingAccountBoundAt, Instant createdAt, Instant activatedAt, StatusChange lastChange,
                                      long version) {

    public MarketplaceSubscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cloudAccount, "cloudAccount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        entitlements = entitlements == null ? List.of() : List.copyOf(entitlements);
    }

    public static MarketplaceSubscription newAws(AwsCustomer customer, CloudAccountRef cloudAccount, String offerType,
                                                 List<Entitlement> entitlements, Instant now) {
        return new MarketplaceSubscription(customer.subscriptionId(), cloudAccount, customer, offerType, entitlements,
                SubscriptionStatus.PENDING_ACTIVATION, null, null, now, null, null, 0);
    }

    public boolean isBoundTo(String candidateBillingAccountId) {
        return billingAccountId != null && billingAccountId.equals(candidateBillingAccountId);
    }

    public MarketplaceSubscription withBillingAccount(String newBillingAccountId, Instant at) {
        return new MarketplaceSubscription(id, cloudAccount, aws, offerType, entitlements, status, newBillingAccountId,
                at, createdAt, activatedAt, lastChange, version);
    }

    /** Moves to {@code next} and records why; the caller writes the audit entry for this change. */
    public MarketplaceSubscription transitionTo(SubscriptionStatus next, String cause, Instant at) {
        Instant activated = next == SubscriptionStatus.ACTIVE && activatedAt == null ? at : activatedAt;
        return new MarketplaceSubscription(id, cloudAccount, aws, offerType, entitlements, next, billingAccountId,
                billingAccountBoundAt, createdAt, activated, new StatusChange(status, next, cause, at), version);
    }
}
