package org.mpactivation.simulator.azure;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a SaaS subscription as the fulfillment API shows it. The term is null until the subscription
 * is activated; {@code quantity} is null on flat-rate plans.
 */
public record AzureSubscription(String id, String publisherId, String offerId, String name, String planId,
        Integer quantity, SubscriptionStatus status, Identity beneficiary, Identity purchaser, Term term,
        boolean autoRenew, boolean isTest, boolean isFreeTrial, Instant created) {

    /** The subscription's current billing term. */
    public record Term(Instant startDate, Instant endDate, String termUnit) {
    }

    public AzureSubscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(status, "status");
    }

    AzureSubscription withStatus(SubscriptionStatus newStatus) {
        return new AzureSubscription(id, publisherId, offerId, name, planId, quantity, newStatus, beneficiary,
                purchaser, term, autoRenew, isTest, isFreeTrial, created);
    }

    AzureSubscription withPlan(String newPlanId) {
        return new AzureSubscription(id, publisherId, offerId, name, newPlanId, quantity, status, beneficiary,
                purchaser, term, autoRenew, isTest, isFreeTrial, created);
    }

    AzureSubscription withQuantity(Integer newQuantity) {
        return new AzureSubscription(id, publisherId, offerId, name, planId, newQuantity, status, beneficiary,
                purchaser, term, autoRenew, isTest, isFreeTrial, created);
    }

    AzureSubscription withAutoRenew(boolean renews) {
        return new AzureSubscription(id, publisherId, offerId, name, planId, quantity, status, beneficiary,
                purchaser, term, renews, isTest, isFreeTrial, created);
    }

    AzureSubscription withTerm(Term newTerm) {
        return new AzureSubscription(id, publisherId, offerId, name, planId, quantity, status, beneficiary,
                purchaser, newTerm, autoRenew, isTest, isFreeTrial, created);
    }
}
