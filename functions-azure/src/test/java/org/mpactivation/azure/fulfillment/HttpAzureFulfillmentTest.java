package org.mpactivation.azure.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.azure.AvailablePlan;
import org.mpactivation.port.out.azure.AzureRequestRejectedException;
import org.mpactivation.port.out.azure.AzureResourceNotFoundException;
import org.mpactivation.port.out.azure.MarketplaceOperation;
import org.mpactivation.port.out.azure.OperationOutcome;
import org.mpactivation.port.out.azure.OperationSupersededException;
import org.mpactivation.port.out.azure.ResolvedPurchase;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.azure.SaasSubscriptionStatus;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.simulator.azure.SubscriptionStatus;

class HttpAzureFulfillmentTest {

    private final MarketplaceWorld world = new MarketplaceWorld();
    private final HttpAzureFulfillment client = world.client();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void givenUrlDecodedLandingToken_thenPurchaseIsResolved() {
        Purchase purchase = world.buy("team", 5);
        String fromLandingUrl = URLDecoder.decode(purchase.urlEncodedToken(), StandardCharsets.UTF_8);

        ResolvedPurchase resolved = client.resolve(fromLandingUrl);

        assertEquals(purchase.subscriptionId(), resolved.subscriptionId());
        assertEquals(MarketplaceWorld.OFFER, resolved.offerId());
        assertEquals("team", resolved.planId());
        assertEquals(5, resolved.quantity());
        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, resolved.subscription().status());
        assertEquals("buyer@example.com", resolved.subscription().purchaser().emailId());
    }

    @Test
    void givenTokenStillUrlEncoded_thenTokenIsRejected() {
        Purchase purchase = world.buy("basic", null);

        assertThrows(MarketplaceTokenRejectedException.class, () -> client.resolve(purchase.urlEncodedToken()));
    }

    @Test
    void givenLandingTokenOlderThanItsLifetime_thenRejectedAsExpired() {
        Purchase purchase = world.buy("basic", null);
        world.clock.advance(Duration.ofHours(25));

        MarketplaceTokenRejectedException rejected =
                assertThrows(MarketplaceTokenRejectedException.class, () -> client.resolve(purchase.token()));
        assertEquals(MarketplaceTokenRejectedException.Reason.EXPIRED, rejected.reason());
    }

    @Test
    void givenActivation_thenSubscriptionIsSubscribedWithATerm() {
        Purchase purchase = world.buy("basic", null);

        client.activate(purchase.subscriptionId(), "basic", null);

        assertEquals(SubscriptionStatus.Subscribed, world.azure.subscription(purchase.subscriptionId()).status());
        SaasSubscription subscription = client.subscription(purchase.subscriptionId());
        assertEquals(SaasSubscriptionStatus.SUBSCRIBED, subscription.status());
        assertEquals("basic", subscription.planId());
        assertNull(subscription.quantity());
        assertEquals("P1M", subscription.term().termUnit());
        assertEquals(MarketplaceWorld.START.truncatedTo(java.time.temporal.ChronoUnit.DAYS),
                subscription.term().startDate());
        assertNotNull(subscription.term().endDate());
        assertNotNull(subscription.created());
        assertEquals("buyer@example.com", subscription.beneficiary().emailId());
    }

    @Test
    void givenAnotherPlanThanPurchased_thenActivationIsRejected() {
        Purchase purchase = world.buy("basic", null);

        assertThrows(AzureRequestRejectedException.class,
                () -> client.activate(purchase.subscriptionId(), "premium", null));
        assertEquals(SubscriptionStatus.PendingFulfillmentStart,
                world.azure.subscription(purchase.subscriptionId()).status());
    }

    @Test
    void givenUnknownSubscription_thenNotFound() {
        assertThrows(AzureResourceNotFoundException.class,
                () -> client.subscription("00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void givenMoreSubscriptionsThanAPage_thenListingFollowsNextLinkUnderOneCorrelationId() {
        Set<String> bought = Stream.generate(() -> world.buy("basic", null).subscriptionId()).limit(5)
                .collect(Collectors.toSet());

        Set<String> listed;
        try (Stream<SaasSubscription> all = client.subscriptions()) {
            listed = all.map(SaasSubscription::id).collect(Collectors.toSet());
        }

        assertEquals(bought, listed);
        List<RecordingProxy.Seen> pages = world.marketplaceCalls().stream()
                .filter(seen -> seen.pathAndQuery().startsWith("/api/saas/subscriptions?")).toList();
        assertEquals(3, pages.size());
        assertEquals(1, pages.stream().map(seen -> seen.header("x-ms-correlationid")).distinct().count());
    }

    @Test
    void givenListingReadOnlyInPart_thenLaterPagesAreNotFetched() {
        Stream.generate(() -> world.buy("basic", null)).limit(5).forEach(purchase -> { });

        try (Stream<SaasSubscription> all = client.subscriptions()) {
            assertEquals(2, all.limit(2).toList().size());
        }

        assertEquals(1, world.marketplaceCalls().size());
    }

    @Test
    void givenSubscription_thenItsAvailablePlansAreListed() {
        Purchase purchase = world.buy("basic", null);

        List<AvailablePlan> plans = client.availablePlans(purchase.subscriptionId());

        assertEquals(List.of("basic", "premium", "team"), plans.stream().map(AvailablePlan::planId).sorted().toList());
        assertTrue(plans.stream().filter(plan -> plan.planId().equals("team")).findFirst().orElseThrow()
                .pricePerSeat());
    }

    @Test
    void givenPlanChangeInProgress_thenOperationIsReadAndAcceptedOnce() {
        String subscriptionId = activeBasic();
        var change = world.azure.changePlan(subscriptionId, "premium");

        MarketplaceOperation operation = client.operation(subscriptionId, change.id());
        assertEquals("ChangePlan", operation.action());
        assertEquals("premium", operation.planId());
        assertTrue(operation.inProgress());

        client.updateOperation(subscriptionId, change.id(), "premium", null, OperationOutcome.SUCCESS);

        assertEquals("premium", world.azure.subscription(subscriptionId).planId());
        assertThrows(OperationSupersededException.class, () -> client.updateOperation(subscriptionId,
                change.id(), "premium", null, OperationOutcome.SUCCESS));
    }

    @Test
    void givenOperationSupersededByANewerOne_thenUpdateIsRefusedAsSuperseded() {
        String subscriptionId = activeBasic();
        var first = world.azure.changePlan(subscriptionId, "premium");
        world.azure.suspend(subscriptionId);

        assertEquals("Conflict", client.operation(subscriptionId, first.id()).status());
        assertThrows(OperationSupersededException.class, () -> client.updateOperation(subscriptionId,
                first.id(), "premium", null, OperationOutcome.FAILURE));
    }

    @Test
    void givenUnknownOperation_thenNotFound() {
        String subscriptionId = activeBasic();

        assertThrows(AzureResourceNotFoundException.class,
                () -> client.operation(subscriptionId, "00000000-0000-0000-0000-000000000000"));
    }

    private String activeBasic() {
        Purchase purchase = world.buy("basic", null);
        client.activate(purchase.subscriptionId(), "basic", null);
        return purchase.subscriptionId();
    }
}
