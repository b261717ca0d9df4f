package org.mpactivation.azure.fulfillment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.azure.AvailablePlan;
import org.mpactivation.port.out.azure.AzureParty;
import org.mpactivation.port.out.azure.MarketplaceOperation;
import org.mpactivation.port.out.azure.OperationOutcome;
import org.mpactivation.port.out.azure.ResolvedPurchase;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.azure.SaasSubscriptionStatus;
import org.mpactivation.port.out.azure.SubscriptionTerm;

/** The Fulfillment API's JSON (api-version 2018-08-31) read into the port's records, and request bodies. */
final class FulfillmentJson {

    private final ObjectMapper mapper;

    FulfillmentJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One reader for every client of the process: a mapper is costly to build and safe to share. */
    static FulfillmentJson shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final FulfillmentJson INSTANCE = new FulfillmentJson(new ObjectMapper());
    }

    JsonNode read(String body) {
        try {
            JsonNode node = mapper.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw new MarketplaceUnavailableException("the marketplace answered without a JSON object", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MarketplaceUnavailableException("the marketplace answered with malformed JSON", e);
        }
    }

    ResolvedPurchase purchase(JsonNode node) {
        return new ResolvedPurchase(text(node, "id"), text(node, "subscriptionName"), text(node, "offerId"),
                text(node, "planId"), integer(node, "quantity"), subscription(node.path("subscription")));
    }

    SaasSubscription subscription(JsonNode node) {
        JsonNode term = node.path("term");
        return new SaasSubscription(text(node, "id"), text(node, "name"), text(node, "offerId"),
                text(node, "planId"), integer(node, "quantity"),
                SaasSubscriptionStatus.fromWire(text(node, "saasSubscriptionStatus")),
                party(node.path("purchaser")), party(node.path("beneficiary")),
                new SubscriptionTerm(instant(term, "startDate"), instant(term, "endDate"), text(term, "termUnit")),
                node.path("autoRenew").asBoolean(false), node.path("isTest").asBoolean(false),
                node.path("isFreeTrial").asBoolean(false), instant(node, "created"));
    }

    List<AvailablePlan> plans(JsonNode node) {
        List<AvailablePlan> plans = new ArrayList<>();
        for (JsonNode plan : node.path("plans")) {
            plans.add(new AvailablePlan(text(plan, "planId"), text(plan, "displayName"),
                    plan.path("isPricePerSeat").asBoolean(false)));
        }
        return List.copyOf(plans);
    }

    MarketplaceOperation operation(JsonNode node) {
        return new MarketplaceOperation(text(node, "id"), text(node, "activityId"), text(node, "subscriptionId"),
                text(node, "offerId"), text(node, "planId"), integer(node, "quantity"), text(node, "action"),
                text(node, "status"), instant(node, "timeStamp"));
    }

    String activation(String planId, Integer quantity) {
        ObjectNode body = mapper.createObjectNode().put("planId", planId);
        if (quantity != null) {
            body.put("quantity", quantity);
        }
        return body.toString();
    }

    String operationUpdate(String planId, Integer quantity, OperationOutcome outcome) {
        ObjectNode body = mapper.createObjectNode();
        if (planId != null) {
            body.put("planId", planId);
        }
        if (quantity != null) {
            body.put("quantity", quantity);
        }
        return body.put("status", outcome.wireName()).toString();
    }

    private static AzureParty party(JsonNode node) {
        return new AzureParty(text(node, "emailId"), text(node, "objectId"), text(node, "tenantId"),
                text(node, "puid"));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.canConvertToInt() && value.isNumber() ? value.intValue() : null;
    }

    /** Date-times as ISO 8601 with an offset, or without one (taken as UTC), or a bare date taken as midnight UTC; anything else is absent. */
    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return value.length() == 10
                        ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
    }
}
