package org.mpactivation.port.out.azure;

import java.util.List;
import java.util.stream.Stream;

/**
 * The Azure Marketplace SaaS Fulfillment API (v2) as the use cases need it.
 *
 * <p>Failures: an expired or unknown landing token is a {@link
 * org.mpactivation.port.out.MarketplaceTokenRejectedException}; a refused access token (another app, an expired
 * secret) a {@link org.mpactivation.port.out.MarketplaceAccessException}; an unknown subscription or operation a
 * {@link AzureResourceNotFoundException}; a request refused in the subscription's state (400) an {@link
 * AzureRequestRejectedException}; throttling and outages that outlast the retries a {@link
 * org.mpactivation.port.out.MarketplaceThrottledException} or {@link
 * org.mpactivation.port.out.MarketplaceUnavailableException}.
 */
public interface AzureFulfillment {

    /** Resolves the URL-decoded landing token the buyer brought to the landing page. */
    ResolvedPurchase resolve(String landingToken);

    /**
     * Starts, without waiting for it, what the next call needs and does not have yet (an access token), so that
     * it overlaps the caller's own work. Never fails: what cannot be had now is fetched again by the call.
     */
    default void prepare() {
    }

    /** Starts billing: the subscription becomes Subscribed on this plan (and quantity, for per-seat plans). */
    void activate(String subscriptionId, String planId, Integer quantity);

    SaasSubscription subscription(String subscriptionId);

    /**
     * Every subscription of the publisher, fetched one page at a time while the stream is consumed
     * (following {@code @nextLink}); close the stream, or consume it fully, to finish.
     */
    Stream<SaasSubscription> subscriptions();

    List<AvailablePlan> availablePlans(String subscriptionId);

    MarketplaceOperation operation(String subscriptionId, String operationId);

    /**
     * Answers an operation in progress (ChangePlan, ChangeQuantity, Reinstate).
     *
     * @throws OperationSupersededException when the operation is no longer in progress
     */
    void updateOperation(String subscriptionId, String operationId, String planId, Integer quantity,
            OperationOutcome outcome);
}
