package org.mpactivation.port.out.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AzureFulfillmentRecordsTest {

    private static SaasSubscription subscription(String id, Integer quantity) {
        return new SaasSubscription(id, "name", "offer", "basic", quantity, SaasSubscriptionStatus.SUBSCRIBED,
                null, null, null, true, false, false, Instant.parse("2026-03-02T10:00:00Z"));
    }

    @Test
    void givenAbsentPartiesAndTerm_thenTheyAreUnknownNotNull() {
        SaasSubscription subscription = subscription("sub-1", null);

        assertEquals(AzureParty.UNKNOWN, subscription.purchaser());
        assertEquals(SubscriptionTerm.NONE, subscription.term());
    }

    @Test
    void givenMissingIdOrNegativeQuantity_thenSubscriptionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> subscription(" ", null));
        assertThrows(IllegalArgumentException.class, () -> subscription("sub-1", -1));
    }

    @Test
    void givenPurchaseOfAnotherSubscription_thenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ResolvedPurchase("sub-2", "name", "offer", "basic", null, subscription("sub-1", null)));
    }

    @Test
    void givenTermEndingBeforeItStarts_thenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SubscriptionTerm(
                Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"), "P1M"));
    }

    @Test
    void givenStatusesAsTheApiSpellsThem_thenKnownOnesMapAndNewOnesAreUnknown() {
        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START,
                SaasSubscriptionStatus.fromWire("PendingFulfillmentStart"));
        assertEquals(SaasSubscriptionStatus.UNKNOWN, SaasSubscriptionStatus.fromWire("Deleted"));
        assertEquals(SaasSubscriptionStatus.UNKNOWN, SaasSubscriptionStatus.fromWire(null));
        assertEquals("Failure", OperationOutcome.FAILURE.wireName());
    }
}
