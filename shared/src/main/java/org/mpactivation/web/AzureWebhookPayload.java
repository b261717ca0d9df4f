package org.mpactivation.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body Azure Marketplace posts to the connection webhook (SaaS Fulfillment API v2), as read by Jackson.
 * Fields it may add later are ignored. Everything in it is a claim to be confirmed with Get Operation.
 *
 * @param id                     the operation id
 * @param timeStamp              when the operation started, as the marketplace writes it
 * @param action                 ChangePlan, ChangeQuantity, Renew, Suspend, Unsubscribe or Reinstate
 * @param status                 InProgress for the operations that await an answer, else Succeeded
 * @param operationRequestSource who started it (Azure: the buyer; Partner: the publisher)
 * @param subscription           the subscription as the marketplace described it when it sent the call
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AzureWebhookPayload(String id, String activityId, String subscriptionId, String publisherId,
                                  String offerId, String planId, Integer quantity, String timeStamp, String action,
                                  String status, String operationRequestSource, Subscription subscription) {

    /** The subscription part of the body: only what a log line may name; the rest is read from the API. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subscription(String id, String offerId, String planId, Integer quantity,
                               String saasSubscriptionStatus) {
    }
}
