package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.port.out.azure.MarketplaceOperation;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.azure.SaasSubscriptionStatus;

/** Which view of the subscription an operation's effect is written from: the read-back, or the operation. */
class AzureOperationEffectsTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void givenReadBackStillOnTheOldPlan_thenTheOperationsPlanIsTaken() {
        SaasSubscription read = read("team", 5, SaasSubscriptionStatus.SUBSCRIBED);

        SaasSubscription seen = AzureOperationEffects.withEffect(read, operation("ChangePlan", "team-plus", 5),
                AzureAction.CHANGE_PLAN, stored("team", 5));

        assertEquals("team-plus", seen.planId());
        assertEquals(5, seen.quantity());
    }

    @Test
    void givenReadBackOnAnotherPlanThanOurs_thenTheReadBackWins() {
        // a later change already shows: writing this operation's plan would undo it
        SaasSubscription read = read("enterprise", 5, SaasSubscriptionStatus.SUBSCRIBED);

        assertSame(read, AzureOperationEffects.withEffect(read, operation("ChangePlan", "team-plus", 5),
                AzureAction.CHANGE_PLAN, stored("team", 5)));
    }

    @Test
    void givenReadBackStillOnTheOldSeats_thenTheOperationsSeatsAreTaken() {
        SaasSubscription read = read("team", 5, SaasSubscriptionStatus.SUBSCRIBED);

        assertEquals(8, AzureOperationEffects.withEffect(read, operation("ChangeQuantity", "team", 8),
                AzureAction.CHANGE_QUANTITY, stored("team", 5)).quantity());
    }

    @Test
    void givenReadBackStillSuspended_whenReinstated_thenSubscribed() {
        SaasSubscription read = read("team", 5, SaasSubscriptionStatus.SUSPENDED);

        assertEquals(SaasSubscriptionStatus.SUBSCRIBED, AzureOperationEffects.withEffect(read,
                operation("Reinstate", "team", 5), AzureAction.REINSTATE, stored("team", 5)).status());
    }

    @Test
    void givenUnsubscribe_thenEndedWhateverTheReadBackSays() {
        SaasSubscription read = read("team", 5, SaasSubscriptionStatus.SUBSCRIBED);

        assertEquals(SaasSubscriptionStatus.UNSUBSCRIBED, AzureOperationEffects.withEffect(read,
                operation("Unsubscribe", "team", 5), AzureAction.UNSUBSCRIBE, stored("team", 5)).status());
    }

    @Test
    void givenNotification_thenTheReadBackIsTakenAsItIs() {
        SaasSubscription read = read("team", 5, SaasSubscriptionStatus.SUBSCRIBED);

        assertSame(read, AzureOperationEffects.withEffect(read, operation("Suspend", "team", 5),
                AzureAction.SUSPEND, stored("team", 5)));
        assertSame(read, AzureOperationEffects.withEffect(read, operation("Renew", "team", 5),
                AzureAction.RENEW, stored("team", 5)));
    }

    private static SaasSubscription read(String planId, Integer quantity, SaasSubscriptionStatus status) {
        return new SaasSubscription("sub-1", "name", "offer", planId, quantity, status, null, null, null, true, false,
                false, AT);
    }

    private static AzurePurchase stored(String planId, Integer quantity) {
        return new AzurePurchase("offer", planId, quantity, "Subscribed", null, null, null, true, null, null, false,
                false, "name");
    }

    private static MarketplaceOperation operation(String action, String planId, Integer quantity) {
        return new MarketplaceOperation("op-1", "activity-1", "sub-1", "offer", planId, quantity, action, "Succeeded",
                AT);
    }
}
