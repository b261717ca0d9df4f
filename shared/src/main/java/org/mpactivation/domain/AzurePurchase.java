package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What Azure Marketplace said about a SaaS subscription when we last read it: the offer and plan sold,
 * the seats (per-user plans only), the marketplace's own status, the current term and who bought it.
 * Kept beside our {@link SubscriptionStatus} so that reconciliation can compare both sides.
 *
 * @param quantity     seats; null for flat-rate plans
 * @param saasStatus   the marketplace's {@code saasSubscriptionStatus} as it spells it
 *                     (PendingFulfillmentStart, Subscribed, Suspended, Unsubscribed)
 * @param termUnit     P1M, P1Y, ... as the marketplace spells it; null before activation
 * @param purchaser    who bought it (tenant, object id, e-mail as the marketplace gave them)
 * @param beneficiary  who uses it
 */
public record AzurePurchase(String offerId, String planId, Integer quantity, String saasStatus, Instant termStart,
                            Instant termEnd, String termUnit, boolean autoRenew, AzureUser purchaser,
                            AzureUser beneficiary, boolean test, boolean freeTrial, String name) {

    public AzurePurchase {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(planId, "planId");
        if (offerId.isBlank() || planId.isBlank()) {
            throw new IllegalArgumentException("an Azure purchase names its offer and plan");
        }
        if (quantity != null && quantity < 0) {
            throw new IllegalArgumentException("negative quantity");
        }
        saasStatus = saasStatus == null || saasStatus.isBlank() ? "PendingFulfillmentStart" : saasStatus;
        purchaser = purchaser == null ? AzureUser.UNKNOWN : purchaser;
        beneficiary = beneficiary == null ? AzureUser.UNKNOWN : beneficiary;
    }

    /** A party as the marketplace names it; any field may be absent. */
    public record AzureUser(String tenantId, String objectId, String email) {
        public static final AzureUser UNKNOWN = new AzureUser(null, null, null);

        // written out rather than generated: see ItemKey
        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof AzureUser that && Objects.equals(tenantId, that.tenantId)
                    && Objects.equals(objectId, that.objectId) && Objects.equals(email, that.email);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, objectId, email);
        }
    }

    public AzurePurchase withPlan(String newPlanId) {
        return new AzurePurchase(offerId, newPlanId, quantity, saasStatus, termStart, termEnd, termUnit, autoRenew,
                purchaser, beneficiary, test, freeTrial, name);
    }

    public AzurePurchase withQuantity(Integer newQuantity) {
        return new AzurePurchase(offerId, planId, newQuantity, saasStatus, termStart, termEnd, termUnit, autoRenew,
                purchaser, beneficiary, test, freeTrial, name);
    }

    public AzurePurchase withSaasStatus(String newStatus) {
        return new AzurePurchase(offerId, planId, quantity, newStatus, termStart, termEnd, termUnit, autoRenew,
                purchaser, beneficiary, test, freeTrial, name);
    }

    public AzurePurchase withTerm(Instant start, Instant end, String unit, boolean renews) {
        return new AzurePurchase(offerId, planId, quantity, saasStatus, start, end, unit, renews, purchaser,
                beneficiary, test, freeTrial, name);
    }

    // written out rather than generated: see ItemKey
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof AzurePurchase that && offerId.equals(that.offerId)
                && planId.equals(that.planId) && Objects.equals(quantity, that.quantity)
                && saasStatus.equals(that.saasStatus) && Objects.equals(termStart, that.termStart)
                && Objects.equals(termEnd, that.termEnd) && Objects.equals(termUnit, that.termUnit)
                && autoRenew == that.autoRenew && purchaser.equals(that.purchaser)
                && beneficiary.equals(that.beneficiary) && test == that.test && freeTrial == that.freeTrial
                && Objects.equals(name, that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offerId, planId, quantity, saasStatus, termStart, termEnd, termUnit, autoRenew, purchaser,
                beneficiary, test, freeTrial, name);
    }
}
