package org.mpactivation.application;

import java.time.Duration;
import java.time.Instant;
import org.mpactivation.port.out.AzureFulfillmentContract;
import org.mpactivation.port.out.AzureFulfillmentWorld;
import org.mpactivation.port.out.azure.AzureFulfillment;

/** The Fulfillment API contract against the in-memory fake the use-case tests run on. */
class FakeAzureFulfillmentContractTest extends AzureFulfillmentContract {

    @Override
    protected AzureFulfillmentWorld start(Instant now) {
        return new FakeWorld(new MutableClock(now));
    }

    /** The fake acting as Partner Center, the buyer and the marketplace. */
    private static final class FakeWorld implements AzureFulfillmentWorld {

        private final MutableClock clock;
        private final FakeAzureFulfillment fake;

        FakeWorld(MutableClock clock) {
            this.clock = clock;
            this.fake = new FakeAzureFulfillment(clock);
        }

        @Override
        public AzureFulfillment fulfillment() {
            return fake;
        }

        @Override
        public Duration tokenLifetime() {
            return FakeAzureFulfillment.DOCUMENTED_TOKEN_LIFETIME;
        }

        @Override
        public int pageSize() {
            return FakeAzureFulfillment.DEFAULT_PAGE_SIZE;
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
            FakeAzureFulfillment.Plan[] catalogue = new FakeAzureFulfillment.Plan[plans.length];
            for (int i = 0; i < plans.length; i++) {
                Plan plan = plans[i];
                catalogue[i] = plan.pricePerSeat()
                        ? FakeAzureFulfillment.Plan.perSeat(plan.planId(), plan.minSeats(), plan.maxSeats())
                        : FakeAzureFulfillment.Plan.flatRate(plan.planId());
            }
            fake.offer("contoso", offerId, catalogue);
        }

        @Override
        public Purchase subscribe(String offerId, String planId, Integer seats) {
            FakeAzureFulfillment.Purchase purchase = fake.subscribe(offerId, planId, seats, BUYER_EMAIL);
            return new Purchase(purchase.subscriptionId(), purchase.landingToken());
        }

        @Override
        public String newLandingToken(String subscriptionId) {
            return fake.issueLandingToken(subscriptionId);
        }

        @Override
        public String changePlan(String subscriptionId, String planId) {
            return fake.changePlan(subscriptionId, planId).id();
        }

        @Override
        public String changeQuantity(String subscriptionId, int seats) {
            return fake.changeQuantity(subscriptionId, seats).id();
        }

        @Override
        public String suspend(String subscriptionId) {
            return fake.suspend(subscriptionId).id();
        }

        @Override
        public String reinstate(String subscriptionId) {
            return fake.reinstate(subscriptionId).id();
        }

        @Override
        public String renew(String subscriptionId) {
            return fake.renew(subscriptionId).id();
        }

        @Override
        public String unsubscribe(String subscriptionId) {
            return fake.unsubscribe(subscriptionId).id();
        }

        @Override
        public void settleByWebhook(String operationId, boolean accepted) {
            fake.settleOperation(operationId, accepted);
        }

        @Override
        public void startOutage(Outage outage) {
            fake.failEveryCall(switch (outage) {
                case THROTTLED -> FakeAzureFulfillment.Fault.THROTTLED;
                case UNAVAILABLE -> FakeAzureFulfillment.Fault.UNAVAILABLE;
                case ACCESS_REFUSED -> FakeAzureFulfillment.Fault.ACCESS_REFUSED;
            });
        }

        @Override
        public void endOutage() {
            fake.heal();
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
