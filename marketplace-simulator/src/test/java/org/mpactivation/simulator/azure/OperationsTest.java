package org.mpactivation.simulator.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Changes and cancellation through the API (202 with Operation-Location), operations the marketplace starts,
 * their acknowledgement with PATCH Success or Failure, 409 once superseded, and the webhook body.
 */
class OperationsTest {

    private final AzureFixture fixture = new AzureFixture();
    private final AzureMarketplaceSimulator azure = fixture.azure;
    private final String id = fixture.activeBasic();
    private final String path = "/saas/subscriptions/" + id;

    @AfterEach
    void close() {
        fixture.close();
    }

    private AzureFixture.Reply follow(String operationLocation) {
        return fixture.send(AzureFixture.request(operationLocation)
                .header("Authorization", "Bearer " + AzureFixture.TOKEN), "GET", null);
    }

    private AzureFixture.Reply acknowledge(MarketplaceOperation operation, String status) {
        return fixture.call("PATCH", path + "/operations/" + operation.id(), AzureFixture.object().put("status", status));
    }

    @Test
    void givenAPlanChange_whenPatched_then202WithOperationLocationOfASucceededChangePlan() {
        AzureFixture.Reply reply = fixture.call("PATCH", path, AzureFixture.object().put("planId", "premium"));

        assertEquals(202, reply.status());
        String location = reply.header("Operation-Location");
        assertTrue(URI.create(location).getPath().startsWith(azure.baseUri().getPath() + path + "/operations/"));
        JsonNode operation = follow(location).body();
        assertEquals("ChangePlan", operation.get("action").asText());
        assertEquals("Succeeded", operation.get("status").asText());
        assertEquals("premium", operation.get("planId").asText());
        assertEquals("premium", fixture.call("GET", path).body().get("planId").asText());
    }

    @Test
    void givenAQuantityChangeOnAPerSeatPlan_whenPatched_thenTheSeatsChange() {
        Purchase team = fixture.buy("team", 2);
        String teamPath = "/saas/subscriptions/" + team.subscriptionId();
        fixture.call("POST", teamPath + "/activate", AzureFixture.object().put("planId", "team").put("quantity", 2));

        assertEquals(202, fixture.call("PATCH", teamPath, AzureFixture.object().put("quantity", 7)).status());
        assertEquals(7, fixture.call("GET", teamPath).body().get("quantity").asInt());
    }

    @Test
    void givenAnInvalidChange_whenPatched_thenBadRequest() {
        ObjectNode both = AzureFixture.object().put("planId", "premium").put("quantity", 2);
        assertEquals(400, fixture.call("PATCH", path, both).status());
        assertEquals(400, fixture.call("PATCH", path, AzureFixture.object()).status());
        assertEquals(400, fixture.call("PATCH", path, AzureFixture.object().put("planId", "basic")).status());
        assertEquals(400, fixture.call("PATCH", path, AzureFixture.object().put("planId", "gold")).status());
        assertEquals(400, fixture.call("PATCH", path, AzureFixture.object().put("quantity", 3)).status(),
                "a flat-rate plan has no seats");
        assertEquals(404, fixture.call("PATCH", "/saas/subscriptions/" + UUID.randomUUID(),
                AzureFixture.object().put("planId", "premium")).status());
    }

    @Test
    void givenACancellation_whenDeleted_then202AndUnsubscribed_andASecondDeleteIsRefused() {
        AzureFixture.Reply reply = fixture.call("DELETE", path);

        assertEquals(202, reply.status());
        assertEquals("Unsubscribe", follow(reply.header("Operation-Location")).body().get("action").asText());
        assertEquals("Unsubscribed", fixture.call("GET", path).body().get("saasSubscriptionStatus").asText());
        assertEquals(400, fixture.call("DELETE", path).status());
    }

    @Test
    void givenAMarketplacePlanChange_whenAcceptedWithSuccess_thenApplied_andASecondPatchConflicts() {
        MarketplaceOperation change = azure.changePlan(id, "premium");

        JsonNode pending = fixture.call("GET", path + "/operations").body().get("operations");
        assertEquals(1, pending.size());
        assertEquals(change.id(), pending.get(0).get("id").asText());
        assertEquals("InProgress", pending.get(0).get("status").asText());
        assertEquals("basic", azure.subscription(id).planId(), "not applied before it is accepted");

        assertEquals(200, acknowledge(change, "Success").status());
        assertEquals("premium", azure.subscription(id).planId());
        assertEquals(0, fixture.call("GET", path + "/operations").body().get("operations").size());
        assertEquals(409, acknowledge(change, "Success").status());
    }

    @Test
    void givenAMarketplaceQuantityChange_whenRejectedWithFailure_thenNotApplied() {
        Purchase team = fixture.buy("team", 2);
        fixture.call("POST", "/saas/subscriptions/" + team.subscriptionId() + "/activate",
                AzureFixture.object().put("planId", "team").put("quantity", 2));
        MarketplaceOperation change = azure.changeQuantity(team.subscriptionId(), 9);

        AzureFixture.Reply reply = fixture.call("PATCH", "/saas/subscriptions/" + team.subscriptionId()
                + "/operations/" + change.id(), AzureFixture.object().put("status", "Failure"));

        assertEquals(200, reply.status());
        assertEquals(2, azure.subscription(team.subscriptionId()).quantity());
        assertEquals(OperationStatus.Failed, azure.operation(change.id()).orElseThrow().status());
    }

    @Test
    void givenANewerOperation_whenTheOlderIsAcknowledged_thenConflict() {
        MarketplaceOperation older = azure.changePlan(id, "premium");
        MarketplaceOperation newer = azure.changePlan(id, "basic");

        AzureFixture.Reply reply = acknowledge(older, "Success");

        assertEquals(409, reply.status());
        assertEquals("Conflict", fixture.call("GET", path + "/operations/" + older.id()).body().get("status").asText());
        assertEquals(200, acknowledge(newer, "Success").status());
    }

    @Test
    void givenAnInvalidAcknowledgement_thenBadRequestOrNotFound() {
        MarketplaceOperation change = azure.changePlan(id, "premium");
        String other = fixture.activeBasic();

        assertEquals(400, acknowledge(change, "Done").status());
        assertEquals(404, fixture.call("GET", "/saas/subscriptions/" + other + "/operations/" + change.id()).status());
        assertEquals(404, fixture.call("GET", path + "/operations/" + UUID.randomUUID()).status());
        assertEquals(OperationStatus.InProgress, azure.operation(change.id()).orElseThrow().status());
    }

    @Test
    void suspendReinstateRenewAndUnsubscribeFollowTheDocumentedStates() {
        String termEnd = fixture.call("GET", path).body().at("/term/endDate").asText();
        MarketplaceOperation renew = azure.renew(id);
        assertEquals(OperationStatus.Succeeded, renew.status());
        assertEquals("2026-04-01T00:00:00Z", termEnd);
        assertEquals("2026-05-01T00:00:00Z", fixture.call("GET", path).body().at("/term/endDate").asText());

        azure.suspend(id);
        assertEquals(SubscriptionStatus.Suspended, azure.subscription(id).status());
        assertThrows(IllegalStateException.class, () -> azure.changePlan(id, "premium"));
        MarketplaceOperation reinstate = azure.reinstate(id);
        assertEquals(200, acknowledge(reinstate, "Success").status());
        assertEquals(SubscriptionStatus.Subscribed, azure.subscription(id).status());

        azure.unsubscribe(id);
        assertEquals(SubscriptionStatus.Unsubscribed, azure.subscription(id).status());
        assertThrows(IllegalStateException.class, () -> azure.reinstate(id));
    }

    @Test
    void webhookPayloadCarriesTheDocumentedFields() {
        MarketplaceOperation change = azure.changePlan(id, "premium");

        ObjectNode payload = azure.webhookPayload(change.id());

        assertEquals(change.id(), payload.get("id").asText());
        assertEquals(change.activityId(), payload.get("activityId").asText());
        assertEquals(id, payload.get("subscriptionId").asText());
        assertEquals("contoso", payload.get("publisherId").asText());
        assertEquals("contoso-saas", payload.get("offerId").asText());
        assertEquals("premium", payload.get("planId").asText());
        assertEquals("ChangePlan", payload.get("action").asText());
        assertEquals("InProgress", payload.get("status").asText());
        assertEquals("Azure", payload.get("operationRequestSource").asText());
        assertEquals(AzureFixture.START.toString(), payload.get("timeStamp").asText());
        assertEquals(id, payload.at("/subscription/id").asText());
        assertEquals("basic", payload.at("/subscription/planId").asText(), "the subscription as it is now");
    }

    @Test
    void settlingAsTheWebhookAnswerWouldAppliesOrRejects() {
        MarketplaceOperation change = azure.changePlan(id, "premium");

        assertEquals(OperationStatus.Succeeded, azure.settleOperation(change.id(), true).status());
        assertEquals("premium", azure.subscription(id).planId());
    }
}
