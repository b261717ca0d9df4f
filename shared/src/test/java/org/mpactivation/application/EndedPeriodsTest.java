package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionStatus;

class EndedPeriodsTest {

    private static final Instant T = Instant.parse("2025-03-01T00:00:00Z");
    private static final AwsCustomer CUSTOMER = new AwsCustomer("cust-1", null, "prod-1", null);

    private static Instant at(int hour, int minute) {
        return T.plusSeconds(hour * 3600L + minute * 60L);
    }

    private static MarketplaceSubscription live(List<Entitlement> entitlements) {
        return MarketplaceSubscription.newAws(CUSTOMER, CUSTOMER.cloudAccount("aws"), null, entitlements, T);
    }

    @Test
    void givenAnEndThenANewLiveStatus_thenOnlyHoursBeginningInTheGapAreCovered() {
        EndedPeriods ended = EndedPeriods.of(live(List.of()), List.of(
                new StatusChange(SubscriptionStatus.ACTIVE, SubscriptionStatus.UNSUBSCRIBED, "sns:1", at(10, 30)),
                new StatusChange(SubscriptionStatus.UNSUBSCRIBED, SubscriptionStatus.ACTIVE, "sns:2", at(14, 0))));

        assertFalse(ended.covers(at(10, 0)), "the hour of the end began before it");
        assertTrue(ended.covers(at(11, 0)));
        assertTrue(ended.covers(at(13, 0)));
        assertFalse(ended.covers(at(14, 0)), "live again");
    }

    @Test
    void givenEntitlementsThatAllExpire_thenHoursFromTheLastExpiryAreCovered() {
        EndedPeriods ended = EndedPeriods.of(live(List.of(new Entitlement("users", "10", at(12, 0)),
                new Entitlement("seats", "2", at(15, 0)))), List.of());

        assertFalse(ended.covers(at(14, 0)));
        assertTrue(ended.covers(at(15, 0)));
    }

    @Test
    void givenAnEntitlementWithoutExpiry_thenNothingLapses() {
        EndedPeriods ended = EndedPeriods.of(live(List.of(new Entitlement("users", "10", at(12, 0)),
                new Entitlement("seats", "2", null))), List.of());

        assertFalse(ended.covers(at(20, 0)));
    }
}
