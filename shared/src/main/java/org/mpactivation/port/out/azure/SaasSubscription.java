package org.mpactivation.port.out.azure;

import java.time.Instant;
import java.util.Objects;

/** A SaaS subscription as the Fulfillment API returns it; {@code quantity} is absent for flat-rate plans. */
public record SaasSubscription(
        String id,
        String name,
        String offerId,
        String planId,
        Integer quantity,
        SaasSubscriptionStatus status,
        AzureParty purchaser,
        AzureParty beneficiary,
        SubscriptionTerm term,
        boolean autoRenew,
        boolean isTest,
        boolean isFreeTrial,
        Instant created) {

    public SaasSubscription {
        requireText(id, "id");
        requireText(offerId, "offerId");
        requireText(planId, "planId");
        Objects.requireNonNull(status, "status");
        if (quantity != null && quantity < 0) {
            throw new IllegalArgumentException("quantity must not be negative");
        }
        purchaser = purchaser == null ? AzureParty.UNKNOWN : purchaser;
        beneficiary = beneficiary == null ? AzureParty.UNKNOWN : beneficiary;
        term = term == null ? SubscriptionTerm.NONE : term;
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
