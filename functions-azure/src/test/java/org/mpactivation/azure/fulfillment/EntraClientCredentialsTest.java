package org.mpactivation.azure.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.simulator.azure.Purchase;

class EntraClientCredentialsTest {

    private final MarketplaceWorld world = new MarketplaceWorld();
    private final HttpAzureFulfillment client = world.client();
    private final String subscriptionId = world.buy("basic", null).subscriptionId();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void givenSeveralCalls_thenOneTokenIsFetchedAndReused() {
        client.subscription(subscriptionId);
        client.availablePlans(subscriptionId);
        client.subscription(subscriptionId);

        assertEquals(1, world.tokenRequests());
        assertEquals(1, world.marketplaceCalls().stream().map(call -> call.header("authorization")).distinct()
                .count());
    }

    @Test
    void givenTokenAboutToExpire_thenANewOneIsFetched() {
        client.subscription(subscriptionId);
        world.clock.advance(Duration.ofMinutes(50));
        client.subscription(subscriptionId);
        assertEquals(1, world.tokenRequests());

        world.clock.advance(Duration.ofMinutes(6)); // 56 minutes into a one-hour token: within the margin
        client.subscription(subscriptionId);

        assertEquals(2, world.tokenRequests());
    }

    @Test
    void givenTokenPastItsExpiry_thenANewOneIsFetchedAndAccepted() {
        client.subscription(subscriptionId);
        world.clock.advance(Duration.ofHours(2));
        Purchase later = world.buy("premium", null);

        assertEquals("premium", client.subscription(later.subscriptionId()).planId());
        assertEquals(2, world.tokenRequests());
    }

    @Test
    void givenConcurrentCallers_thenOneTokenRequest() throws Exception {
        EntraClientCredentials credentials = world.credentials(world.secret);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> tokens = pool.invokeAll(List.of(credentials::token, credentials::token,
                    credentials::token, credentials::token));
            for (Future<String> token : tokens) {
                assertTrue(token.get().startsWith("ey"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, world.tokenRequests());
    }

    @Test
    void givenWrongSecret_thenAccessFailureAndNoMarketplaceCall() {
        HttpAzureFulfillment misconfigured = world.client(world.credentials("expired-secret"),
                RetryPolicy.DEFAULT);

        assertThrows(MarketplaceAccessException.class, () -> misconfigured.subscription(subscriptionId));
        assertEquals(0, world.marketplaceCalls().size());
    }

    @Test
    void givenPrepared_thenTheTokenIsFetchedAheadOnceAndTheNextCallUsesIt() throws InterruptedException {
        client.prepare();
        client.prepare();
        awaitTokenRequests(1);

        client.subscription(subscriptionId);
        client.prepare();

        Thread.sleep(50);
        assertEquals(1, world.tokenRequests(), "prepared twice, called, prepared again: one token");
    }

    @Test
    void givenTheTokenDueForRenewal_thenPrepareFetchesTheNextOne() throws InterruptedException {
        client.subscription(subscriptionId);
        world.clock.advance(Duration.ofMinutes(56));

        client.prepare();
        awaitTokenRequests(2);
        client.subscription(subscriptionId);

        assertEquals(2, world.tokenRequests());
    }

    @Test
    void givenAPreparedFetchRefused_thenPrepareDoesNotFailAndTheCallFetchesAgain() throws InterruptedException {
        HttpAzureFulfillment misconfigured = world.client(world.credentials("expired-secret"), RetryPolicy.DEFAULT);

        misconfigured.prepare();
        awaitTokenRequests(1);

        assertThrows(MarketplaceAccessException.class, () -> misconfigured.subscription(subscriptionId));
        assertEquals(2, world.tokenRequests());
        assertEquals(0, world.marketplaceCalls().size());
    }

    private void awaitTokenRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (world.tokenRequests() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, world.tokenRequests());
    }
}
