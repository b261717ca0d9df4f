package org.mpactivation.azure.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.observability.MarketplaceCalls;
import org.mpactivation.observability.RequestContext;
import org.mpactivation.observability.log.LogCapture;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.Purchase;

class FulfillmentLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MarketplaceWorld world = new MarketplaceWorld();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void givenCallsThatSucceedAndFail_thenLogsNameIdsButNoTokenNorSecret() {
        Purchase purchase = world.buy("basic", null);
        world.azure.faults().throttleNext(AzureApi.RESOLVE, 1, Duration.ofSeconds(1));
        List<String> logs;
        try (LogCapture capture = LogCapture.start();
             RequestContext.Scope ignored = RequestContext.open("req-landing-42", "landing", "azure")) {
            world.client().resolve(purchase.token());
            assertThrows(MarketplaceAccessException.class,
                    () -> world.client(world.credentials("wrong-secret-value"), RetryPolicy.DEFAULT)
                            .subscription(purchase.subscriptionId()));
            logs = capture.allLines();
        }

        String firstRequestId = world.marketplaceCalls().get(0).header("x-ms-requestid");
        String secondRequestId = world.marketplaceCalls().get(1).header("x-ms-requestid");
        assertNotEquals(firstRequestId, secondRequestId, "a fresh x-ms-requestid per attempt");
        assertEquals("req-landing-42", world.marketplaceCalls().get(0).header("x-ms-correlationid"),
                "the incoming request's id travels as the correlation id");
        JsonNode throttled = callLines(logs).get(0).get("mdc");
        assertEquals("resolve", throttled.get("operation").asText());
        assertEquals("429", throttled.get("call_status").asText());
        assertEquals(firstRequestId, throttled.get("marketplace_request_id").asText());
        assertEquals("req-landing-42", throttled.get("request_id").asText(), "ours and theirs in the same line");
        String all = String.join("\n", logs);
        String bearer = world.marketplaceCalls().get(0).header("authorization").substring("Bearer ".length());
        assertFalse(all.contains(purchase.token()), all);
        assertFalse(all.contains(bearer), all);
        assertFalse(all.contains(world.secret) || all.contains("wrong-secret-value"), all);
    }

    private static List<JsonNode> callLines(List<String> lines) {
        List<JsonNode> calls = lines.stream().filter(line -> line.contains(MarketplaceCalls.MESSAGE))
                .map(FulfillmentLogTest::parse)
                .filter(node -> MarketplaceCalls.MESSAGE.equals(node.path("message").asText())).toList();
        assertTrue(!calls.isEmpty(), String.join("\n", lines));
        return calls;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(line, e);
        }
    }
}
