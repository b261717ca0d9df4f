package org.mpactivation.azure.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.Purchase;

class FulfillmentRetryTest {

    private static final RetryPolicy THREE_TRIES =
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));

    private final MarketplaceWorld world = new MarketplaceWorld();
    private final HttpAzureFulfillment client = world.client();
    private final Purchase purchase = world.buy("basic", null);

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void givenThrottledOnce_thenRetriedAfterRetryAfterWithNewRequestIdSameCorrelationId() {
        world.azure.faults().throttleNext(AzureApi.GET_SUBSCRIPTION, 1, Duration.ofSeconds(7));

        client.subscription(purchase.subscriptionId());

        assertEquals(List.of(Duration.ofSeconds(7)), world.pause.waits());
        List<RecordingProxy.Seen> attempts = world.marketplaceCalls();
        assertEquals(2, attempts.size());
        assertEquals(attempts.get(0).header("x-ms-correlationid"), attempts.get(1).header("x-ms-correlationid"));
        assertFalse(attempts.get(0).header("x-ms-requestid").equals(attempts.get(1).header("x-ms-requestid")));
    }

    @Test
    void givenThrottledBeyondTheAttempts_thenThrottled() {
        world.azure.faults().throttleNext(AzureApi.GET_SUBSCRIPTION, 5, Duration.ofSeconds(1));

        assertThrows(MarketplaceThrottledException.class, () -> client.subscription(purchase.subscriptionId()));
        assertEquals(3, world.marketplaceCalls().size());
    }

    @Test
    void givenRetryAfterBeyondTheDeadline_thenGivenUpWithoutWaiting() {
        HttpAzureFulfillment impatient = world.client(world.credentials(world.secret),
                new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10)));
        world.azure.faults().throttleNext(AzureApi.GET_SUBSCRIPTION, 1, Duration.ofSeconds(30));

        assertThrows(MarketplaceThrottledException.class, () -> impatient.subscription(purchase.subscriptionId()));
        assertTrue(world.pause.waits().isEmpty());
        assertEquals(1, world.marketplaceCalls().size());
    }

    @Test
    void givenServerErrorOnce_thenRetriedWithBackoff() {
        world.azure.faults().failNext(AzureApi.LIST_AVAILABLE_PLANS, 1);

        assertEquals(3, client.availablePlans(purchase.subscriptionId()).size());
        assertEquals(1, world.pause.waits().size());
        Duration wait = world.pause.waits().get(0);
        assertTrue(wait.compareTo(Duration.ofMillis(50)) >= 0 && wait.compareTo(Duration.ofMillis(100)) <= 0,
                wait::toString);
    }

    @Test
    void givenServerErrorsOnEveryAttempt_thenGivenUpAsUnavailable() {
        world.azure.faults().failNext(AzureApi.ACTIVATE, 5);

        MarketplaceUnavailableException failure = assertThrows(MarketplaceUnavailableException.class,
                () -> client.activate(purchase.subscriptionId(), "basic", null));

        assertFalse(failure instanceof MarketplaceThrottledException);
        assertEquals(3, world.marketplaceCalls().size());
        assertEquals(2, world.pause.waits().size());
        assertEquals(2, world.azure.faults().pending(AzureApi.ACTIVATE));
    }

    @Test
    void givenAccessDenied_thenAccessFailureWithoutRetry() {
        world.azure.faults().denyNext(AzureApi.GET_SUBSCRIPTION, 1);

        assertThrows(MarketplaceAccessException.class, () -> client.subscription(purchase.subscriptionId()));
        assertEquals(1, world.marketplaceCalls().size());
    }

    @Test
    void givenTokenTheMarketplaceDoesNotAccept_thenAccessFailure() {
        HttpAzureFulfillment forged = world.client(new AccessTokens() {
            @Override
            public String token() {
                return "not-a-token-of-entra";
            }

            @Override
            public void invalidate() {
            }
        }, THREE_TRIES);

        assertThrows(MarketplaceAccessException.class, () -> forged.subscription(purchase.subscriptionId()));
    }

    @Test
    void givenAnyCall_thenTokenRequestIdCorrelationIdAndApiVersionAreSent() {
        String subscriptionId = client.resolve(purchase.token()).subscriptionId();
        client.activate(subscriptionId, "basic", null);
        client.subscription(subscriptionId);
        client.availablePlans(subscriptionId);

        List<RecordingProxy.Seen> calls = world.marketplaceCalls();
        assertEquals(4, calls.size());
        for (RecordingProxy.Seen call : calls) {
            assertTrue(call.header("authorization").startsWith("Bearer ey"), call::toString);
            UUID.fromString(call.header("x-ms-requestid"));
            UUID.fromString(call.header("x-ms-correlationid"));
            assertTrue(call.pathAndQuery().contains("api-version=2018-08-31"), call::toString);
        }
        assertEquals(4, calls.stream().map(call -> call.header("x-ms-requestid")).distinct().count());
        assertEquals(4, calls.stream().map(call -> call.header("x-ms-correlationid")).distinct().count());
        assertEquals(purchase.token(), calls.get(0).header("x-ms-marketplace-token"));
        assertEquals("application/json", calls.get(1).header("content-type"));
    }
}
