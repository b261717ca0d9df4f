package org.mpactivation.application;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What an Azure Marketplace webhook call claims: an operation on a subscription. Only a claim: the use case acts
 * on the operation as the Fulfillment API confirms it, and uses these values only to check that the call and the
 * operation agree. The ids go into API paths, so only ids of the shape the marketplace gives (GUIDs: letters,
 * digits and dashes) pass.
 *
 * @param operationId    the webhook's {@code id}
 * @param subscriptionId the SaaS subscription
 * @param action         as sent (ChangePlan, ChangeQuantity, Reinstate, Suspend, Renew, Unsubscribe, ...)
 * @param planId         the plan the call names, if any
 * @param quantity       the seats the call names, if any
 * @param timeStamp      when the marketplace says the operation started, if sent
 */
public record AzureOperationNotice(String operationId, String subscriptionId, String action, String planId,
                                   Integer quantity, Instant timeStamp) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    public AzureOperationNotice {
        requireId(operationId, "id");
        requireId(subscriptionId, "subscriptionId");
        if (action == null || action.isBlank() || action.length() > 64) {
            throw new IllegalArgumentException("action is required");
        }
    }

    private static void requireId(String value, String name) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be an id of letters, digits and dashes");
        }
    }
}
