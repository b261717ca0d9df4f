package org.mpactivation.azure.fulfillment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.mpactivation.port.out.AzureFulfillmentContract;
import org.mpactivation.port.out.AzureFulfillmentWorld;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.RegisteredApp;

/**
 * The Fulfillment API contract against the HTTP adapter, spoken over HTTP to the Azure simulator, which accepts only
 * bearer tokens the Entra stand-in signed for the marketplace resource; both stand-ins share one movable clock.
 */
class SimulatedAzureFulfillmentContractTest extends AzureFulfillmentContract {

    @Override
    protected AzureFulfillmentWorld start(Instant now) {
        return new SimulatedWorld(now);
    }

    /** The simulator acting as Partner Center, the buyer and the marketplace; the adapter wired as in production. */
    private static final class SimulatedWorld implements AzureFulfillmentWorld {

        private static final int PAGE_SIZE = 2;
        /** More failures than any retry policy attempts: the outage lasts until it is ended. */
        private static final int UNTIL_ENDED = 1_000;
        private static final List<AzureApi> FULFILLMENT_CALLS = List.of(AzureApi.RESOLVE, AzureApi.ACTIVATE,
                AzureApi.GET_SUBSCRIPTION, AzureApi.LIST_SUBSCRIPTIONS, AzureApi.LIST_AVAILABLE_PLANS,
                AzureApi.UPDATE_SUBSCRIPTION, AzureApi.DELETE_SUBSCRIPTION, AzureApi.LIST_OPERATIONS,
                AzureApi.GET_OPERATION, AzureApi.UPDATE_OPERATION);

        private final MovableClock clock;
        private final EntraSimulator entra;
        private final AzureMarketplaceSimulator azure;
        private final HttpAzureFulfillment client;

        SimulatedWorld(Instant now) {
            clock = new MovableClock(now);
            String tenantId = UUID.randomUUID().toString();
            String clientId = UUID.randomUUID().toString();
            String secret = "secret-" + UUID.randomUUID();
            entra = EntraSimulator.builder().clock(clock).start();
            entra.registerApp(new RegisteredApp(clientId, secret, List.of()));
            azure = AzureMarketplaceSimulator.builder().clock(clock).pageSize(PAGE_SIZE)
                    .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
            EntraClientCredentials tokens = EntraClientCredentials.forTenant(entra.endpoint(), tenantId, clientId,
                    secret, clock);
            RetryPolicy retries = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100),
                    Duration.ofMinutes(5));
            client = new HttpAzureFulfillment(azure.baseUri(), tokens, retries, new SkippedPause());
        }

        @Override
        public AzureFulfillment fulfillment() {
            return client;
        }

        @Override
        public Duration tokenLifetime() {
            return AzureMarketplaceSimulator.DOCUMENTED_TOKEN_LIFETIME;
        }

        @Override
        public int pageSize() {
            return PAGE_SIZE;
        }

        @Override
        public Instant now() {
            return clock.instant();
        }

        @Override
        public void advanceClock(Duration duration) {
            clock.advance(duration);
        }

        @Override
        public void createOffer(String offerId, Plan... plans) {
            List<AzurePlan> catalogue = new ArrayList<>();
            for (Plan plan : plans) {
                catalogue.add(plan.pricePerSeat()
                        ? AzurePlan.perSeat(plan.planId()).withSeats(plan.minSeats(), plan.maxSeats())
                        : AzurePlan.flatRate(plan.planId()));
            }
            azure.createOffer(new AzureOffer(AzureMarketplaceSimulator.DEFAULT_PUBLISHER, offerId, catalogue));
        }

        @Override
        public Purchase subscribe(String offerId, String planId, Integer seats) {
            org.mpactivation.simulator.azure.Purchase purchase = azure.subscribe(offerId, planId, seats,
                    Identity.withEmail(BUYER_EMAIL));
            return new Purchase(purchase.subscriptionId(), purchase.token());
        }

        @Override
        public String newLandingToken(String subscriptionId) {
            return azure.issueLandingToken(subscriptionId);
        }

        @Override
        public String changePlan(String subscriptionId, String planId) {
            return azure.changePlan(subscriptionId, planId).id();
        }

        @Override
        public String changeQuantity(String subscriptionId, int seats) {
            return azure.changeQuantity(subscriptionId, seats).id();
        }

        @Override
        public String suspend(String subscriptionId) {
            return azure.suspend(subscriptionId).id();
        }

        @Override
        public String reinstate(String subscriptionId) {
            return azure.reinstate(subscriptionId).id();
        }

        @Override
        public String renew(String subscriptionId) {
            return azure.renew(subscriptionId).id();
        }

        @Override
        public String unsubscribe(String subscriptionId) {
            return azure.unsubscribe(subscriptionId).id();
        }

        @Override
        public void settleByWebhook(String operationId, boolean accepted) {
            azure.settleOperation(operationId, accepted);
        }

        @Override
        public void startOutage(Outage outage) {
            azure.faults().clear();
            for (AzureApi api : FULFILLMENT_CALLS) {
                switch (outage) {
                    case THROTTLED -> azure.faults().throttleNext(api, UNTIL_ENDED, Duration.ofSeconds(1));
                    case UNAVAILABLE -> azure.faults().failNext(api, UNTIL_ENDED);
                    case ACCESS_REFUSED -> azure.faults().denyNext(api, UNTIL_ENDED);
                }
            }
        }

        @Override
        public void endOutage() {
            azure.faults().clear();
        }

        @Override
        public void close() {
            azure.close();
            entra.close();
        }
    }

    /** Waits no real time; its monotonic time moves by what was waited, so deadlines still hold. */
    private static final class SkippedPause implements Pause {

        private long nanos;

        @Override
        public synchronized void sleep(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public synchronized long nanoTime() {
            return nanos;
        }
    }
}
