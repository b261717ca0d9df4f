package org.mpactivation.simulator.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** usageEvent and batchUsageEvent: acceptance, one event per resource, dimension and hour, and each refusal. */
class MeteringTest {

    private static final Instant HOUR = Instant.parse("2026-03-02T09:00:00Z");

    private final AzureFixture fixture = new AzureFixture();
    private final AzureMarketplaceSimulator azure = fixture.azure;
    private final String id = fixture.activeBasic();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static ObjectNode event(String resourceId, String dimension, double quantity, Instant start) {
        return AzureFixture.object().put("resourceId", resourceId).put("quantity", quantity)
                .put("dimension", dimension).put("effectiveStartTime", start.toString()).put("planId", "basic");
    }

    private AzureFixture.Reply single(JsonNode event) {
        return fixture.call("POST", "/usageEvent", event);
    }

    private AzureFixture.Reply batch(JsonNode... events) {
        ObjectNode body = AzureFixture.object();
        ArrayNode request = body.putArray("request");
        for (JsonNode event : events) {
            request.add(event);
        }
        return fixture.call("POST", "/batchUsageEvent", body);
    }

    private String refusal(JsonNode event) {
        AzureFixture.Reply reply = single(event);
        assertEquals(400, reply.status(), reply.body().toString());
        assertEquals("BadArgument", reply.body().get("code").asText());
        return reply.body().at("/details/0/code").asText();
    }

    @Test
    void givenUsageOfAnActiveSubscription_thenAcceptedAndRecorded() {
        AzureFixture.Reply reply = single(event(id, "requests", 12.5, HOUR));

        assertEquals(200, reply.status());
        JsonNode body = reply.body();
        assertEquals("Accepted", body.get("status").asText());
        assertEquals(id, body.get("resourceId").asText());
        assertEquals(12.5, body.get("quantity").asDouble());
        assertEquals(AzureFixture.START.toString(), body.get("messageTime").asText());
        AcceptedUsage usage = azure.acceptedUsage(id).get(0);
        assertEquals(body.get("usageEventId").asText(), usage.usageEventId());
        assertEquals(0, new BigDecimal("12.5").compareTo(usage.quantity()));
        assertEquals("requests", usage.dimension());
    }

    @Test
    void givenASecondEventInTheSameHour_then409WithTheAcceptedEvent() {
        String accepted = single(event(id, "requests", 3, HOUR)).body().get("usageEventId").asText();

        AzureFixture.Reply duplicate = single(event(id, "requests", 4, HOUR.plusSeconds(1800)));

        assertEquals(409, duplicate.status());
        assertEquals("Conflict", duplicate.body().get("code").asText());
        JsonNode info = duplicate.body().get("additionalInfo");
        assertEquals(accepted, info.get("usageEventId").asText());
        assertEquals("Duplicate", info.get("status").asText());
        assertEquals(3, info.get("quantity").asInt());
        assertEquals(1, azure.acceptedUsage().size());
        assertEquals(200, single(event(id, "emails", 4, HOUR)).status(), "another dimension");
        assertEquals(200, single(event(id, "requests", 4, HOUR.plusSeconds(3600))).status(), "another hour");
    }

    @Test
    void givenUsageOlderThan24Hours_thenExpired() {
        Instant now = fixture.clock.instant();

        assertEquals("Expired", refusal(event(id, "requests", 1, now.minus(Duration.ofHours(24)))));
        assertEquals(200, single(event(id, "requests", 1, now.minus(Duration.ofHours(24)).plusSeconds(1))).status());
        assertEquals("BadArgument", refusal(event(id, "requests", 1, now.plusSeconds(60))), "future usage");
    }

    @Test
    void givenAnUnknownOrInactiveResource_thenRefused() {
        Purchase pending = fixture.buy("basic", null);
        String suspended = fixture.activeBasic();
        azure.suspend(suspended);

        assertEquals("ResourceNotFound", refusal(event(UUID.randomUUID().toString(), "requests", 1, HOUR)));
        assertEquals("ResourceNotActive", refusal(event(pending.subscriptionId(), "requests", 1, HOUR)));
        assertEquals("ResourceNotActive", refusal(event(suspended, "requests", 1, HOUR)));
    }

    @Test
    void givenAWrongDimensionQuantityOrPlan_thenRefused() {
        assertEquals("InvalidDimension", refusal(event(id, "seats", 1, HOUR)));
        assertEquals("InvalidQuantity", refusal(event(id, "requests", 0, HOUR)));
        assertEquals("InvalidQuantity", refusal(event(id, "requests", -2, HOUR)));
        assertEquals("BadArgument", refusal(event(id, "requests", 1, HOUR).put("planId", "premium")));
        assertEquals("BadArgument", refusal(event(id, "requests", 1, HOUR).put("effectiveStartTime", "yesterday")));
        assertEquals("BadArgument", refusal(AzureFixture.object().put("resourceId", id)));
        assertTrue(azure.acceptedUsage().isEmpty());
    }

    @Test
    void givenABatch_thenEachEventHasItsOwnStatus() {
        AzureFixture.Reply reply = batch(
                event(id, "requests", 5, HOUR),
                event(id, "requests", 6, HOUR),
                event(id, "emails", 1, HOUR.minus(Duration.ofHours(30))),
                event(UUID.randomUUID().toString(), "requests", 1, HOUR),
                event(id, "seats", 1, HOUR),
                event(id, "emails", 0, HOUR));

        assertEquals(200, reply.status());
        JsonNode result = reply.body().get("result");
        assertEquals(6, reply.body().get("count").asInt());
        String[] expected = {"Accepted", "Duplicate", "Expired", "ResourceNotFound", "InvalidDimension",
            "InvalidQuantity"};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], result.get(i).get("status").asText(), "item " + i);
        }
        assertEquals(result.get(0).get("usageEventId").asText(),
                result.get(1).at("/error/additionalInfo/acceptedMessage/usageEventId").asText());
        assertFalse(result.get(2).has("usageEventId"));
        assertEquals(1, azure.acceptedUsage().size());
    }

    @Test
    void givenAnEmptyOrOversizedBatch_thenBadRequest_and25IsAccepted() {
        assertEquals(400, batch().status());
        assertEquals(400, fixture.call("POST", "/batchUsageEvent", AzureFixture.object()).status());

        JsonNode[] many = new JsonNode[26];
        for (int i = 0; i < many.length; i++) {
            many[i] = event(id, "requests", 1, HOUR.minus(Duration.ofHours(i % 23)).plusSeconds(i / 23 * 60L));
        }
        assertEquals(400, batch(many).status());
        assertTrue(azure.acceptedUsage().isEmpty(), "a refused batch meters nothing");

        JsonNode[] limit = Arrays.copyOf(many, 25);
        AzureFixture.Reply reply = batch(limit);
        assertEquals(200, reply.status());
        assertEquals(25, reply.body().get("count").asInt());
    }
}
