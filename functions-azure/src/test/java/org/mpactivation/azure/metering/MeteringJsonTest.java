package org.mpactivation.azure.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.azure.UsageEvent;
import org.mpactivation.port.out.azure.UsageEventResult;

/** The batch body is the bytes the mapper's tree wrote; answers are read without the mapper. */
class MeteringJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant HOUR = Instant.parse("2026-03-01T10:00:00Z");

    private final MeteringJson json = new MeteringJson();

    @Test
    void givenEventsOfEveryQuantityShape_thenTheBytesTheMapperWrote() {
        List<UsageEvent> events = List.of(
                new UsageEvent("l1", "res-\"1\"", "plan", "requests ü", HOUR, new BigDecimal("1")),
                new UsageEvent("l2", "res-2", "plan", "requests", HOUR, new BigDecimal("1.50")),
                new UsageEvent("l3", "res-3", "plan", "requests", HOUR, new BigDecimal("100")),
                new UsageEvent("l5", "res-5", "plan", "requests", HOUR, new BigDecimal("12345678901234567890.125")),
                new UsageEvent("l6", "res-6", "plan", "requests", HOUR, new BigDecimal("0.0000001")));

        assertEquals(asTheMapperWroteIt(events), json.request(events));
    }

    @Test
    void givenAnAnswer_thenResultsMatchedToTheirEvents() {
        UsageEvent first = new UsageEvent("l1", "res-1", "plan", "requests", HOUR, BigDecimal.ONE);
        UsageEvent second = new UsageEvent("l2", "res-2", "plan", "requests", HOUR, BigDecimal.TEN);

        List<UsageEventResult> results = json.results(List.of(first, second), """
                {"count":2,"result":[
                 {"status":"Duplicate","resourceId":"res-2","dimension":"requests",
                  "effectiveStartTime":"2026-03-01T10:00:00Z",
                  "error":{"additionalInfo":{"acceptedMessage":{"usageEventId":"earlier","quantity":9.5}}}},
                 {"status":"Accepted","usageEventId":"u-1","resourceId":"res-1","dimension":"requests",
                  "effectiveStartTime":"2026-03-01T10:00:00Z"}]}
                """);

        assertEquals(UsageEventResult.duplicate(second, "earlier", new BigDecimal("9.5")), results.get(0));
        assertEquals(UsageEventResult.accepted(first, "u-1"), results.get(1));
    }

    @Test
    void givenAnswersWithoutResults_thenTheMarketplaceIsUnavailable() {
        UsageEvent event = new UsageEvent("l1", "res-1", "plan", "requests", HOUR, BigDecimal.ONE);
        for (String body : new String[] {null, "", "{}", "{\"result\":{}}", "[]", "{", "not json"}) {
            assertThrows(MarketplaceUnavailableException.class, () -> json.results(List.of(event), body),
                    String.valueOf(body));
        }
    }

    /** The former body: the mapper's tree. */
    private static String asTheMapperWroteIt(List<UsageEvent> events) {
        ObjectNode body = MAPPER.createObjectNode();
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
}
