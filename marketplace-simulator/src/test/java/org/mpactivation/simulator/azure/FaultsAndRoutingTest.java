package org.mpactivation.simulator.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Programmed faults (429 with Retry-After, 500, 403) and the answers to unknown paths and methods. */
class FaultsAndRoutingTest {

    private final AzureFixture fixture = new AzureFixture();
    private final AzureMarketplaceSimulator azure = fixture.azure;
    private final String id = fixture.activeBasic();
    private final String path = "/saas/subscriptions/" + id;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void givenTwoThrottledCalls_thenTwo429WithRetryAfter_thenTheRealAnswer() {
        azure.faults().throttleNext(AzureApi.GET_SUBSCRIPTION, 2, Duration.ofMillis(1500));

        AzureFixture.Reply first = fixture.call("GET", path);
        AzureFixture.Reply second = fixture.call("GET", path);
        AzureFixture.Reply third = fixture.call("GET", path);

        assertEquals(429, first.status());
        assertEquals("2", first.header("Retry-After"));
        assertEquals("TooManyRequests", first.body().at("/error/code").asText());
        assertEquals(429, second.status());
        assertEquals(200, third.status());
        assertEquals(3, azure.callCount(AzureApi.GET_SUBSCRIPTION));
        assertEquals(0, azure.faults().pending(AzureApi.GET_SUBSCRIPTION));
    }

    @Test
    void givenAServerErrorOrADenial_thenThatAnswerOnceAndOnlyForThatApi() {
        azure.faults().failNext(AzureApi.BATCH_USAGE_EVENT, 1).denyNext(AzureApi.ACTIVATE, 1);

        AzureFixture.Reply failed = fixture.call("POST", "/batchUsageEvent", AzureFixture.object());
        assertEquals(500, failed.status());
        assertEquals("InternalServerError", failed.body().get("code").asText());
        assertNull(failed.header("Retry-After"));
        assertEquals(200, fixture.call("GET", path).status());
        assertEquals(403, fixture.call("POST", path + "/activate", AzureFixture.object().put("planId", "basic"))
                .status());
        assertEquals(200, fixture.call("POST", path + "/activate", AzureFixture.object().put("planId", "basic"))
                .status());
    }

    @Test
    void givenAThrottledUsageEvent_then429WithRetryAfterAndNothingMetered() {
        azure.faults().throttleNext(AzureApi.USAGE_EVENT, 1, Duration.ofSeconds(30));
        ObjectNode event = AzureFixture.object().put("resourceId", id).put("quantity", 1).put("dimension", "requests")
                .put("effectiveStartTime", "2026-03-02T09:00:00Z").put("planId", "basic");

        AzureFixture.Reply throttled = fixture.call("POST", "/usageEvent", event);

        assertEquals(429, throttled.status());
        assertEquals("30", throttled.header("Retry-After"));
        assertEquals("TooManyRequests", throttled.body().get("code").asText());
        assertEquals(0, azure.acceptedUsage().size());
        assertEquals(200, fixture.call("POST", "/usageEvent", event).status());
    }

    @Test
    void givenAFaultedCall_thenNothingChanges() {
        azure.faults().failNext(AzureApi.DELETE_SUBSCRIPTION, 1);

        assertEquals(500, fixture.call("DELETE", path).status());
        assertEquals(SubscriptionStatus.Subscribed, azure.subscription(id).status());
    }

    @Test
    void unknownPathsAnswer404AndWrongMethods405() {
        assertEquals(404, fixture.call("GET", "/saas/unknown").status());
        assertEquals(404, fixture.call("GET", path + "/operations/a/b").status());
        assertEquals(405, fixture.call("GET", "/usageEvent").status());
        assertEquals(405, fixture.call("POST", path).status());
        assertEquals(405, fixture.call("DELETE", path + "/operations").status());
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsABadRequest() {
        String activate = azure.baseUri() + path + "/activate?api-version=2018-08-31";

        for (String body : new String[] {"[1]", "{not json", "\"basic\""}) {
            AzureFixture.Reply reply = fixture.sendText(AzureFixture.request(activate)
                    .header("Authorization", "Bearer " + AzureFixture.TOKEN), "POST", body);
            assertEquals(400, reply.status(), body);
        }
    }
}
