package org.mpactivation.simulator.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;

/**
 * The JSON bodies of the SaaS Fulfillment API v2 and the Marketplace Metering API, with their documented field
 * names and casing.
 */
final class AzureWire {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private AzureWire() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A request body as a JSON object; an empty body is an empty object, anything else not an object is a 400. */
    static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            return object();
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw ApiRejected.badRequest("BadArgument", "The request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiRejected.badRequest("BadArgument", "The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static ObjectNode subscription(AzureSubscription subscription) {
        ObjectNode node = object();
        node.put("id", subscription.id());
        node.put("publisherId", subscription.publisherId());
        node.put("offerId", subscription.offerId());
        node.put("name", subscription.name());
        node.put("saasSubscriptionStatus", subscription.status().name());
        node.set("beneficiary", identity(subscription.beneficiary()));
        node.set("purchaser", identity(subscription.purchaser()));
        node.put("planId", subscription.planId());
        if (subscription.quantity() != null) {
            node.put("quantity", subscription.quantity());
        }
        ObjectNode term = node.putObject("term");
        if (subscription.term() != null) {
            term.put("startDate", time(subscription.term().startDate()));
            term.put("endDate", time(subscription.term().endDate()));
            term.put("termUnit", subscription.term().termUnit());
        }
        node.put("autoRenew", subscription.autoRenew());
        node.put("isTest", subscription.isTest());
        node.put("isFreeTrial", subscription.isFreeTrial());
        ArrayNode operations = node.putArray("allowedCustomerOperations");
        operations.add("Read").add("Update").add("Delete");
        node.put("sessionMode", "None");
        node.put("sandboxType", "None");
        node.put("created", time(subscription.created()));
        return node;
    }

    static ObjectNode resolved(AzureSubscription subscription) {
        ObjectNode node = object();
        node.put("id", subscription.id());
        node.put("subscriptionName", subscription.name());
        node.put("offerId", subscription.offerId());
        node.put("planId", subscription.planId());
        if (subscription.quantity() != null) {
            node.put("quantity", subscription.quantity());
        }
        node.set("subscription", subscription(subscription));
        return node;
    }

    private static ObjectNode identity(Identity identity) {
        ObjectNode node = object();
        node.put("emailId", identity.emailId());
        node.put("objectId", identity.objectId());
        node.put("tenantId", identity.tenantId());
        node.put("puid", identity.puid());
        return node;
    }

    static ObjectNode plans(AzureOffer offer) {
        ObjectNode node = object();
        ArrayNode plans = node.putArray("plans");
        for (AzurePlan plan : offer.plans()) {
            ObjectNode entry = plans.addObject();
            entry.put("planId", plan.planId());
            entry.put("displayName", plan.displayName());
            entry.put("isPrivate", false);
            entry.put("description", plan.displayName());
            entry.put("hasFreeTrials", false);
            entry.put("isPricePerSeat", plan.pricePerSeat());
            entry.put("isStopSell", false);
            entry.put("market", "US");
            ObjectNode components = entry.putObject("planComponents");
            ObjectNode term = components.putArray("recurrentBillingTerms").addObject();
            term.put("currency", "USD");
            term.put("termUnit", plan.termUnit());
            ArrayNode dimensions = components.putArray("meteringDimensions");
            for (String dimension : plan.dimensions()) {
                ObjectNode d = dimensions.addObject();
                d.put("id", dimension);
                d.put("currency", "USD");
                d.put("displayName", dimension);
            }
        }
        return node;
    }

    static ObjectNode operation(MarketplaceOperation operation) {
        ObjectNode node = object();
        node.put("id", operation.id());
        node.put("activityId", operation.activityId());
        node.put("subscriptionId", operation.subscriptionId());
        node.put("offerId", operation.offerId());
        node.put("publisherId", operation.publisherId());
        node.put("planId", operation.planId());
        if (operation.quantity() != null) {
            node.put("quantity", operation.quantity());
        }
        node.put("action", operation.action().name());
        node.put("timeStamp", time(operation.timeStamp()));
        node.put("status", operation.status().name());
        return node;
    }

    /** The body the marketplace posts to the publisher's connection webhook for an operation. */
    static ObjectNode webhook(MarketplaceOperation operation, AzureSubscription subscription) {
        ObjectNode node = operation(operation);
        node.put("operationRequestSource", operation.operationRequestSource());
        node.set("subscription", subscription(subscription));
        return node;
    }

    /** The fulfillment API's error body. */
    static ObjectNode fulfillmentError(String code, String message) {
        ObjectNode node = object();
        ObjectNode error = node.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return node;
    }

    /** The metering API's 400 body: a top-level code and message with the detail that failed. */
    static ObjectNode meteringError(String code, String message, String detailCode) {
        ObjectNode node = object();
        node.put("code", code);
        node.put("message", message);
        node.put("target", "usageEventRequest");
        ObjectNode detail = node.putArray("details").addObject();
        detail.put("code", detailCode);
        detail.put("message", message);
        detail.put("target", "usageEventRequest");
        return node;
    }

    /** A usage event result as the metering API echoes it: the event's fields and its status. */
    static ObjectNode usageResult(JsonNode sent, UsageStatus status, AcceptedUsage accepted, Instant now) {
        ObjectNode node = object();
        if (status == UsageStatus.Accepted && accepted != null) {
            node.put("usageEventId", accepted.usageEventId());
        }
        node.put("status", status.name());
        node.put("messageTime", time(now));
        for (String field : new String[] {"resourceId", "quantity", "dimension", "effectiveStartTime", "planId"}) {
            JsonNode value = sent.get(field);
            if (value != null) {
                node.set(field, value);
            }
        }
        return node;
    }

    static ObjectNode acceptedUsage(AcceptedUsage usage) {
        ObjectNode node = object();
        node.put("usageEventId", usage.usageEventId());
        node.put("status", UsageStatus.Accepted.name());
        node.put("messageTime", time(usage.messageTime()));
        node.put("resourceId", usage.resourceId());
        node.put("quantity", usage.quantity());
        node.put("dimension", usage.dimension());
        node.put("effectiveStartTime", time(usage.effectiveStartTime()));
        node.put("planId", usage.planId());
        return node;
    }
}
