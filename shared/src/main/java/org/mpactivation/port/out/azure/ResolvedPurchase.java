package org.mpactivation.port.out.azure;

import java.util.Objects;

/** What a landing token resolves to: the purchase and its subscription. */
public record ResolvedPurchase(
        String subscriptionId,
        String subscriptionName,
        String offerId,
        String planId,
        Integer quantity,
        SaasSubscription subscription) {

    public ResolvedPurchase {
        SaasSubscription.requireText(subscriptionId, "subscriptionId");
        SaasSubscription.requireText(offerId, "offerId");
        SaasSubscription.requireText(planId, "planId");
        Objects.requireNonNull(subscription, "subscription");
        if (!subscription.id().equals(subscriptionId)) {
            throw new IllegalArgumentException("the resolved subscription differs from the purchase");
        }
    }
}
