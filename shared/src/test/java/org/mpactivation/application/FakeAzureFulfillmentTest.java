package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FakeAzureFulfillment.Call;
import org.mpactivation.application.FakeAzureFulfillment.Fault;
import org.mpactivation.application.FakeAzureFulfillment.Plan;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.azure.SaasSubscriptionStatus;

/**
 * What the fake offers beyond the contract: its catalogue refuses what Partner Center would not, faults are
 * programmed per call, the listing reads pages only as needed, and the landing-token lifetime can be the OpenAPI's
 * one hour.
 */
class FakeAzureFulfillmentTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:20:30Z");
    private static final String OFFER = "contoso-saas";

    private final MutableClock clock = new MutableClock(NOW);
    private final FakeAzureFulfillment fake = new FakeAzureFulfillment(clock).offer("contoso", OFFER,
            Plan.flatRate("basic"), Plan.perSeat("crew", 5, 10), Plan.perSeat("yearly", 1, 100).withTermUnit("P1Y"));

    private String active(String planId, Integer seats) {
        String id = fake.subscribe(OFFER, planId, seats, "buyer@example.com").subscriptionId();
        fake.activate(id, planId, seats);
        return id;
    }

    @Test
    void givenSeatsOutsideThePlansRange_whenBuying_thenTheSetupIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> fake.subscribe(OFFER, "crew", 4, "b@example.com"));
        assertThrows(IllegalArgumentException.class, () -> fake.subscribe(OFFER, "crew", 11, "b@example.com"));
        assertThrows(IllegalArgumentException.class, () -> fake.subscribe(OFFER, "crew", null, "b@example.com"));
        assertThrows(IllegalArgumentException.class, () -> fake.subscribe(OFFER, "basic", 1, "b@example.com"));
        assertThrows(IllegalArgumentException.class, () -> fake.subscribe(OFFER, "gold", null, "b@example.com"));
    }

    @Test
    void givenMarketplaceChangesThePlansDoNotAllow_thenTheSetupIsRefused() {
        String crew = active("crew", 5);
        String basic = active("basic", null);

        assertThrows(IllegalArgumentException.class, () -> fake.changeQuantity(crew, 11));
        assertThrows(IllegalArgumentException.class, () -> fake.changeQuantity(basic, 2));
        assertThrows(IllegalArgumentException.class, () -> fake.changePlan(crew, "basic"));
        assertThrows(IllegalArgumentException.class, () -> fake.changePlan(basic, "crew"));
        assertThrows(IllegalStateException.class, () -> fake.reinstate(basic));
    }

    @Test
    void givenASettledOperation_thenSettlingItAgainIsRefused() {
        String crew = active("crew", 5);
        String operationId = fake.changeQuantity(crew, 7).id();
        fake.settleOperation(operationId, false);

        assertThrows(IllegalStateException.class, () -> fake.settleOperation(operationId, true));
        assertEquals(5, fake.subscription(crew).quantity());
    }

    @Test
    void givenOneProgrammedFault_thenOnlyTheNextCallOfThatKindFails() {
        String id = fake.subscribe(OFFER, "basic", null, "buyer@example.com").subscriptionId();
        fake.failNext(Call.ACTIVATE, Fault.THROTTLED, 1);

        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, fake.subscription(id).status());
        assertThrows(MarketplaceThrottledException.class, () -> fake.activate(id, "basic", null));
        fake.activate(id, "basic", null);

        assertEquals(SaasSubscriptionStatus.SUBSCRIBED, fake.subscription(id).status());
        assertEquals(2, fake.calls(Call.ACTIVATE));
    }

    @Test
    void givenAListingReadInPart_thenLaterPagesAreNotRead() {
        for (int i = 0; i < 5; i++) {
            fake.subscribe(OFFER, "basic", null, "buyer@example.com");
        }

        try (Stream<SaasSubscription> all = fake.subscriptions()) {
            assertEquals(2, all.limit(2).count());
        }
        assertEquals(1, fake.calls(Call.SUBSCRIPTIONS_PAGE));

        try (Stream<SaasSubscription> all = fake.subscriptions()) {
            assertEquals(5, all.count());
        }
        assertEquals(1 + 3, fake.calls(Call.SUBSCRIPTIONS_PAGE));
    }

    @Test
    void givenAYearlyPlan_thenTheTermLastsAYear() {
        String id = active("yearly", 3);

        SaasSubscription subscription = fake.subscription(id);

        assertEquals("P1Y", subscription.term().termUnit());
        assertEquals(Instant.parse("2027-03-01T00:00:00Z"), subscription.term().endDate());
    }

    @Test
    void givenTheOpenApisOneHourLifetime_thenATokenExpiresAfterAnHour() {
        FakeAzureFulfillment hourly = new FakeAzureFulfillment(clock, Duration.ofHours(1), 2)
                .offer("contoso", OFFER, Plan.flatRate("basic"));
        String token = hourly.subscribe(OFFER, "basic", null, "buyer@example.com").landingToken();
        clock.advance(Duration.ofMinutes(59));
        hourly.resolve(token);

        clock.advance(Duration.ofMinutes(1));

        assertThrows(MarketplaceTokenRejectedException.class, () -> hourly.resolve(token));
    }
}
