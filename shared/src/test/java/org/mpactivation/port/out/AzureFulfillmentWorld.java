package org.mpactivation.port.out;

import java.time.Duration;
import java.time.Instant;
import org.mpactivation.port.out.azure.AzureFulfillment;

/**
 * What {@link AzureFulfillmentContract} needs around the {@link AzureFulfillment} under test: Partner Center (an
 * offer and its plans), a buyer who purchases, the marketplace starting its operations, the marketplace's clock and
 * its outages. Each runner implements it over its own stand-in (the in-memory fake, or the simulator behind the HTTP
 * adapter), so that the suite's cases read the same for both.
 */
public interface AzureFulfillmentWorld extends AutoCloseable {

    /** A plan of the offer: flat rate, or per seat allowing {@code minSeats} to {@code maxSeats} seats. */
    record Plan(String planId, boolean pricePerSeat, int minSeats, int maxSeats) {

        public static Plan flatRate(String planId) {
            return new Plan(planId, false, 0, 0);
        }

        public static Plan perSeat(String planId, int minSeats, int maxSeats) {
            return new Plan(planId, true, minSeats, maxSeats);
        }
    }

    /** A purchase: the subscription and its landing token as the marketplace issued it (not URL-encoded). */
    record Purchase(String subscriptionId, String landingToken) {
    }

    /** How every call fails while an outage lasts, as the client sees it once its retries are spent. */
    enum Outage { THROTTLED, UNAVAILABLE, ACCESS_REFUSED }

    /** The client under test. */
    AzureFulfillment fulfillment();

    /** The landing token's lifetime in this world. */
    Duration tokenLifetime();

    /** Subscriptions per page of the listing. */
    int pageSize();

    /** The marketplace's time now. */
    Instant now();

    void advanceClock(Duration duration);

    /** Partner Center publishes an offer with these plans (monthly terms). */
    void createOffer(String offerId, Plan... plans);

    /** A buyer purchases the plan (seats for a per-seat plan, null otherwise); the subscription awaits activation. */
    Purchase subscribe(String offerId, String planId, Integer seats);

    /** A fresh landing token for the subscription ("Configure account" again). */
    String newLandingToken(String subscriptionId);

    /** The marketplace starts a ChangePlan operation (InProgress); returns its id. */
    String changePlan(String subscriptionId, String planId);

    /** The marketplace starts a ChangeQuantity operation (InProgress); returns its id. */
    String changeQuantity(String subscriptionId, int seats);

    /** The marketplace suspends the subscription (Succeeded at once); returns the operation's id. */
    String suspend(String subscriptionId);

    /** The marketplace starts a Reinstate operation (InProgress); returns its id. */
    String reinstate(String subscriptionId);

    /** The term renews (Succeeded at once); returns the operation's id. */
    String renew(String subscriptionId);

    /** The buyer cancels in Azure (Succeeded at once); returns the operation's id. */
    String unsubscribe(String subscriptionId);

    /** The webhook answered the operation in progress: a 2xx accepts it, a 4xx rejects it. */
    void settleByWebhook(String operationId, boolean accepted);

    /** Every call fails so from now on, until {@link #endOutage()}. */
    void startOutage(Outage outage);

    void endOutage();

    @Override
    void close();
}
