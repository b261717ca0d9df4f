package org.mpactivation.azure.fulfillment;

import org.mpactivation.domain.Timestamps;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.config.JsonTree;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.azure.AvailablePlan;
import org.mpactivation.port.out.azure.AzureParty;
import org.mpactivation.port.out.azure.MarketplaceOperation;
import org.mpactivation.port.out.azure.OperationOutcome;
import org.mpactivation.port.out.azure.ResolvedPurchase;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.azure.SaasSubscriptionStatus;
import org.mpactivation.port.out.azure.SubscriptionTerm;

/**
 * The Fulfillment API's JSON (api-version 2018-08-31) read into the port's records, and request bodies. Answers are
 * read as a {@link JsonTree} and bodies written with the streaming generator: the landing resolves a token on its
 * first request, and jackson-databind's mapper would cost that cold start about a tenth of a second to load.
 */
final class FulfillmentJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final FulfillmentJson SHARED = new FulfillmentJson();

    private FulfillmentJson() {
    }

    /** One reader for every client of the process (it holds no state). */
    static FulfillmentJson shared() {
        return SHARED;
    }

    /** The answer's JSON object; a malformed answer, or one that is no object, is the marketplace's failure. */
    JsonTree read(String body) {
        if (body == null || body.isBlank()) {
            throw new MarketplaceUnavailableException("the marketplace answered without a JSON object", null);
        }
        JsonTree node;
        try {
            node = JsonTree.parse(body);
        } catch (JsonTree.MalformedJsonException e) {
            throw new MarketplaceUnavailableException("the marketplace answered with malformed JSON", e);
        }
        if (!node.isObject()) {
            throw new MarketplaceUnavailableException("the marketplace answered without a JSON object", null);
        }
        return node;
    }

    ResolvedPurchase purchase(JsonTree node) {
        return new ResolvedPurchase(text(node, "id"), text(node, "subscriptionName"), text(node, "offerId"),
                text(node, "planId"), integer(node, "quantity"), subscription(node.path("subscription")));
    }

    SaasSubscription subscription(JsonTree node) {
        JsonTree term = node.path("term");
        return new SaasSubscription(text(node, "id"), text(node, "name"), text(node, "offerId"),
                text(node, "planId"), integer(node, "quantity"),
                SaasSubscriptionStatus.fromWire(text(node, "saasSubscriptionStatus")),
                party(node.path("purchaser")), party(node.path("beneficiary")),
                new SubscriptionTerm(instant(term, "startDate"), instant(term, "endDate"), text(term, "termUnit")),
                node.path("autoRenew").asBoolean(false), node.path("isTest").asBoolean(false),
                node.path("isFreeTrial").asBoolean(false), instant(node, "created"));
    }

    List<AvailablePlan> plans(JsonTree node) {
        List<AvailablePlan> plans = new ArrayList<>();
        for (JsonTree plan : node.path("plans").elements()) {
            plans.add(new AvailablePlan(text(plan, "planId"), text(plan, "displayName"),
                    plan.path("isPricePerSeat").asBoolean(false)));
        }
        return List.copyOf(plans);
    }

    MarketplaceOperation operation(JsonTree node) {
        return new MarketplaceOperation(text(node, "id"), text(node, "activityId"), text(node, "subscriptionId"),
                text(node, "offerId"), text(node, "planId"), integer(node, "quantity"), text(node, "action"),
                text(node, "status"), instant(node, "timeStamp"));
    }

    /** {@code {"planId", "quantity"?}}: the body of an activation. */
    String activation(String planId, Integer quantity) {
        return object(out -> {
            out.writeStringField("planId", planId);
            if (quantity != null) {
                out.writeNumberField("quantity", quantity);
            }
        });
    }

    /** {@code {"planId"?, "quantity"?, "status"}}: the body of an operation's PATCH. */
    String operationUpdate(String planId, Integer quantity, OperationOutcome outcome) {
        return object(out -> {
            if (planId != null) {
                out.writeStringField("planId", planId);
            }
            if (quantity != null) {
                out.writeNumberField("quantity", quantity);
            }
            out.writeStringField("status", outcome.wireName());
        });
    }

    private interface Fields {
        void write(JsonGenerator out) throws IOException;
    }

    private static String object(Fields fields) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            fields.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("request body not written", e);
        }
        return text.toString();
    }

    private static AzureParty party(JsonTree node) {
        return new AzureParty(text(node, "emailId"), text(node, "objectId"), text(node, "tenantId"),
                text(node, "puid"));
    }

    static String text(JsonTree node, String field) {
        JsonTree value = node.path(field);
        return value.isNull() || value.isMissing() ? null : value.asText();
    }

    private static Integer integer(JsonTree node, String field) {
        return node.path(field).intOrNull();
    }

    /** Date-times as ISO 8601 with an offset, or without one (taken as UTC), or a bare date taken as midnight UTC; anything else is absent. */
    private static Instant instant(JsonTree node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant plain = Timestamps.parseCommonForm(value);
        if (plain != null) {
            return plain;
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
