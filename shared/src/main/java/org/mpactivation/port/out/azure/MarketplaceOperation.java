package org.mpactivation.port.out.azure;

import java.time.Instant;

/**
 * An operation on a subscription (ChangePlan, ChangeQuantity, Reinstate, Suspend, Renew, Unsubscribe). Action and
 * status stay text as the API spells them (InProgress, Succeeded, Failed, Conflict, ...): new values may come.
 */
public record MarketplaceOperation(
        String id,
        String activityId,
        String subscriptionId,
        String offerId,
        String planId,
        Integer quantity,
        String action,
        String status,
        Instant timeStamp) {

    public MarketplaceOperation {
        SaasSubscription.requireText(id, "id");
        SaasSubscription.requireText(subscriptionId, "subscriptionId");
        SaasSubscription.requireText(action, "action");
        SaasSubscription.requireText(status, "status");
    }

    public boolean inProgress() {
        return "InProgress".equalsIgnoreCase(status);
    }
}
