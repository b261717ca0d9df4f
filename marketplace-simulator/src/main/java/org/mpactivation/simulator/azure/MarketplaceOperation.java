package org.mpactivation.simulator.azure;

import java.time.Instant;
import java.util.Objects;

/**
 * An operation on a subscription: started by the marketplace (the buyer acted in Azure; {@code source} "Azure")
 * or by the publisher through the fulfillment API ({@code source} "Partner"). {@code planId} and {@code quantity}
 * are the values the operation asks for.
 */
public record MarketplaceOperation(String id, String activityId, String subscriptionId, String publisherId,
        String offerId, String planId, Integer quantity, OperationAction action, Instant timeStamp,
        OperationStatus status, String operationRequestSource) {

    public static final String SOURCE_AZURE = "Azure";
    public static final String SOURCE_PARTNER = "Partner";

    public MarketplaceOperation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
    }

    MarketplaceOperation withStatus(OperationStatus newStatus) {
        return new MarketplaceOperation(id, activityId, subscriptionId, publisherId, offerId, planId, quantity,
                action, timeStamp, newStatus, operationRequestSource);
    }
}
