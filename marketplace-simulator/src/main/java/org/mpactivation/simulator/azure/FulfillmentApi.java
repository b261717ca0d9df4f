package org.mpactivation.simulator.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The SaaS Fulfillment API v2 calls: subscriptions, plans and operations, over the marketplace state. */
final class FulfillmentApi {

    private final AzureMarketplace marketplace;
    private final URI baseUri;
    private final int pageSize;

    FulfillmentApi(AzureMarketplace marketplace, URI baseUri, int pageSize) {
        this.marketplace = marketplace;
        this.baseUri = baseUri;
        this.pageSize = pageSize;
    }

    ApiResponse handle(ApiCall call) {
        return switch (call.api()) {
            case RESOLVE -> ApiResponse.ok(AzureWire.resolved(marketplace.resolve(call.marketplaceToken())));
            case ACTIVATE -> activate(call);
            case GET_SUBSCRIPTION -> ApiResponse.ok(AzureWire.subscription(marketplace.get(call.subscriptionId())));
            case LIST_SUBSCRIPTIONS -> list(call.query().get("continuationToken"));
            case LIST_AVAILABLE_PLANS -> ApiResponse.ok(AzureWire.plans(marketplace.offerOf(call.subscriptionId())));
            case UPDATE_SUBSCRIPTION -> accepted(marketplace.change(call.subscriptionId(),
                    optionalText(call.body(), "planId"), optionalInt(call.body(), "quantity")));
            case DELETE_SUBSCRIPTION -> accepted(marketplace.cancel(call.subscriptionId()));
            case LIST_OPERATIONS -> listOperations(call.subscriptionId());
            case GET_OPERATION -> ApiResponse.ok(AzureWire.operation(
                    marketplace.operation(call.subscriptionId(), call.operationId())));
            case UPDATE_OPERATION -> updateOperation(call);
            default -> throw new IllegalArgumentException(call.api() + " is not a fulfillment call");
        };
    }

    private ApiResponse activate(ApiCall call) {
        String planId = optionalText(call.body(), "planId");
        if (planId == null) {
            throw ApiRejected.badRequest("BadRequest", "planId is required");
        }
        marketplace.activate(call.subscriptionId(), planId, optionalInt(call.body(), "quantity"));
        return new ApiResponse(200, null, Map.of());
    }

    private ApiResponse list(String continuationToken) {
        int offset = 0;
        if (continuationToken != null) {
            try {
                offset = Integer.parseInt(continuationToken);
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0) {
                throw ApiRejected.badRequest("BadRequest", "The continuation token is not valid");
            }
        }
        List<AzureSubscription> page = marketplace.page(offset, pageSize);
        ObjectNode body = AzureWire.object();
        ArrayNode items = body.putArray("subscriptions");
        page.forEach(subscription -> items.add(AzureWire.subscription(subscription)));
        int next = offset + page.size();
        if (next < marketplace.subscriptionCount()) {
            body.put("@nextLink", baseUri + "/saas/subscriptions?api-version=" + AzureMarketplaceSimulator.API_VERSION
                    + "&continuationToken=" + next);
        }
        return ApiResponse.ok(body);
    }

    private ApiResponse listOperations(String subscriptionId) {
        ObjectNode body = AzureWire.object();
        ArrayNode items = body.putArray("operations");
        marketplace.pendingOperations(subscriptionId).forEach(op -> items.add(AzureWire.operation(op)));
        return ApiResponse.ok(body);
    }

    private ApiResponse updateOperation(ApiCall call) {
        String status = optionalText(call.body(), "status");
        if (!"Success".equals(status) && !"Failure".equals(status)) {
            throw ApiRejected.badRequest("BadRequest", "status must be Success or Failure");
        }
        marketplace.updateOperation(call.subscriptionId(), call.operationId(), "Success".equals(status));
        return new ApiResponse(200, null, Map.of());
    }

    private ApiResponse accepted(MarketplaceOperation operation) {
        String location = baseUri + "/saas/subscriptions/" + operation.subscriptionId() + "/operations/"
                + operation.id() + "?api-version=" + AzureMarketplaceSimulator.API_VERSION;
        return new ApiResponse(202, null, Map.of("Operation-Location", location));
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiRejected.badRequest("BadRequest", field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static Integer optionalInt(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiRejected.badRequest("BadRequest", field + " must be an integer");
        }
        return value.intValue();
    }
}
