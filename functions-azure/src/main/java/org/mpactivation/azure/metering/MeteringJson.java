package org.mpactivation.azure.metering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.azure.UsageEvent;
import org.mpactivation.port.out.azure.UsageEventResult;
import org.mpactivation.port.out.azure.UsageEventStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Metering API's wire format: the {@code batchUsageEvent} request {@code {request: [...]}} (our ledger key is
 * not sent) and its answer {@code {count, result: [...]}}, each result matched back to the event it answers by
 * resource, dimension and hour. A Duplicate's accepted event is read from {@code error.additionalInfo.acceptedMessage}.
 */
final class MeteringJson {

    private static final Logger LOG = LoggerFactory.getLogger(MeteringJson.class);

    private final ObjectMapper mapper;

    MeteringJson(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    String request(List<UsageEvent> events) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode request = body.putArray("request");
        for (UsageEvent event : events) {
            ObjectNode item = request.addObject();
            item.put("resourceId", event.resourceId());
            item.put("quantity", event.quantity());
            item.put("dimension", event.dimension());
            item.put("effectiveStartTime", event.effectiveStartTime().toString());
            item.put("planId", event.planId());
        }
        return body.toString();
    }

    List<UsageEventResult> results(List<UsageEvent> sent, String responseBody) {
        JsonNode results = read(responseBody).path("result");
        if (!results.isArray()) {
            throw new MarketplaceUnavailableException("the metering answer has no result list", null);
        }
        List<UsageEvent> unanswered = new ArrayList<>(sent);
        List<UsageEventResult> answered = new ArrayList<>(results.size());
        for (int index = 0; index < results.size() && !unanswered.isEmpty(); index++) {
            JsonNode result = results.get(index);
            UsageEvent event = matching(unanswered, result);
            unanswered.remove(event);
            answered.add(result(event, result));
        }
        return answered;
    }

    private static UsageEventResult result(UsageEvent event, JsonNode result) {
        UsageEventStatus status = status(result.path("status").asText(""));
        return switch (status) {
            case Accepted -> UsageEventResult.accepted(event, text(result, "usageEventId"));
            case Duplicate -> {
                JsonNode earlier = result.path("error").path("additionalInfo").path("acceptedMessage");
                BigDecimal quantity = earlier.path("quantity").isNumber() ? earlier.path("quantity").decimalValue() : null;
                yield UsageEventResult.duplicate(event, text(earlier, "usageEventId"), quantity);
            }
            default -> UsageEventResult.refused(event, status);
        };
    }

    /** The first unanswered event of that resource, dimension and hour; else the first unanswered one. */
    private static UsageEvent matching(List<UsageEvent> unanswered, JsonNode result) {
        String resourceId = text(result, "resourceId");
        String dimension = text(result, "dimension");
        Instant hour = instant(text(result, "effectiveStartTime"));
        for (UsageEvent event : unanswered) {
            if (event.resourceId().equals(resourceId) && event.dimension().equals(dimension)
                    && event.effectiveStartTime().equals(hour)) {
                return event;
            }
        }
        return unanswered.get(0);
    }

    private static UsageEventStatus status(String name) {
        for (UsageEventStatus status : UsageEventStatus.values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        LOG.warn("metering answer with an unknown status: status={}", name);
        return UsageEventStatus.Error;
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private JsonNode read(String body) {
        try {
            return mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new MarketplaceUnavailableException("the metering answer is not JSON", e);
        }
    }
}
