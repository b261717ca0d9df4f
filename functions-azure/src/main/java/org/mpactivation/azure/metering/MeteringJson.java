package org.mpactivation.azure.metering;

import org.mpactivation.domain.Timestamps;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.config.JsonTree;
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
 * Written with the streaming generator and read as a {@link JsonTree}: the metering client loads no object mapper.
 */
final class MeteringJson {

    private static final Logger LOG = LoggerFactory.getLogger(MeteringJson.class);

    private static final JsonFactory JSON = new JsonFactory();

    /** The batch's body, written with the streaming generator field by field, as the mapper's tree wrote it. */
    String request(List<UsageEvent> events) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            out.writeArrayFieldStart("request");
            for (UsageEvent event : events) {
                out.writeStartObject();
                out.writeStringField("resourceId", event.resourceId());
                out.writeNumberField("quantity", event.quantity()); // BigDecimal's own notation, as before
                out.writeStringField("dimension", event.dimension());
                out.writeStringField("effectiveStartTime", event.effectiveStartTime().toString());
                out.writeStringField("planId", event.planId());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("usage events not written", e);
        }
        return text.toString();
    }

    List<UsageEventResult> results(List<UsageEvent> sent, String responseBody) {
        JsonTree results = read(responseBody).path("result");
        if (!results.isArray()) {
            throw new MarketplaceUnavailableException("the metering answer has no result list", null);
        }
        List<UsageEvent> unanswered = new ArrayList<>(sent);
        List<UsageEventResult> answered = new ArrayList<>(results.size());
        for (int index = 0; index < results.size() && !unanswered.isEmpty(); index++) {
            JsonTree result = results.get(index);
            UsageEvent event = matching(unanswered, result);
            unanswered.remove(event);
            answered.add(result(event, result));
        }
        return answered;
    }

    private static UsageEventResult result(UsageEvent event, JsonTree result) {
        UsageEventStatus status = status(result.path("status").textOrNull());
        return switch (status) {
            case Accepted -> UsageEventResult.accepted(event, text(result, "usageEventId"));
            case Duplicate -> {
                JsonTree earlier = result.path("error").path("additionalInfo").path("acceptedMessage");
                BigDecimal quantity = earlier.path("quantity").decimalOrNull();
                yield UsageEventResult.duplicate(event, text(earlier, "usageEventId"), quantity);
            }
            default -> UsageEventResult.refused(event, status);
        };
    }

    /** The first unanswered event of that resource, dimension and hour; else the first unanswered one. */
    private static UsageEvent matching(List<UsageEvent> unanswered, JsonTree result) {
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
        Instant plain = Timestamps.parseCommonForm(value);
        if (plain != null) {
            return plain;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonTree node, String field) {
        return node.path(field).stringOrNull();
    }

    private static JsonTree read(String body) {
        if (body == null || body.isBlank()) {
            return JsonTree.missing();
        }
        try {
            return JsonTree.parse(body);
        } catch (JsonTree.MalformedJsonException e) {
            throw new MarketplaceUnavailableException("the metering answer is not JSON", e);
        }
    }
}
