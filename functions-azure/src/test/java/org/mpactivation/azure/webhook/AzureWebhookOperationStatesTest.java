package org.mpactivation.azure.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.AzureOperationPolicy;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.simulator.azure.OperationStatus;
import org.mpactivation.web.WebResponse;

/**
 * The webhook acts on the operation as the marketplace reports it when the call arrives, and a call cut short
 * (the marketplace or our answer failing midway) is finished by the redelivery without a second PATCH.
 */
class AzureWebhookOperationStatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookWorld world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void givenOperationSupersededBeforeItsCall_thenNotAppliedAndNotAnswered() {
        world = new WebhookWorld(AzureOperationPolicy.acceptAll());
        String id = world.activatedSubscription("team", 5, null);
        MarketplaceOperation changePlan = world.azure.changePlan(id, "team-plus");
        world.azure.changeQuantity(id, 8);

        WebResponse response = world.deliver(changePlan.id());

        assertEquals(200, response.status(), response.body());
        assertEquals("not_applied", json(response).get("outcome").asText());
        assertEquals(OperationStatus.Conflict, world.azure.operation(changePlan.id()).orElseThrow().status());
        assertEquals(0, world.operationPatches());
        assertEquals("team", world.stored(id).azure().planId());
    }

    @Test
    void givenOperationAcceptedBeforeItsCall_thenAppliedWithoutPatch() {
        world = new WebhookWorld(AzureOperationPolicy.declineAll());
        String id = world.activatedSubscription("team", 5, null);
        MarketplaceOperation changePlan = world.azure.changePlan(id, "team-plus");
        world.azure.settleOperation(changePlan.id(), true);

        WebResponse response = world.deliver(changePlan.id());

        assertEquals(200, response.status(), "a change the marketplace made is ours too, whatever the policy");
        assertEquals("team-plus", world.stored(id).azure().planId());
        assertEquals(0, world.operationPatches());
    }

    @Test
    void givenReadBackFailsAfterTheAnswer_whenRedelivered_thenFinishedWithoutSecondPatch() {
        world = new WebhookWorld(AzureOperationPolicy.acceptAll());
        String id = world.activatedSubscription("team", 5, null);
        MarketplaceOperation changePlan = world.azure.changePlan(id, "team-plus");
        Map<String, Item> before = world.snapshot();
        world.azure.faults().failNext(AzureApi.GET_SUBSCRIPTION, 10);

        WebResponse cut = world.deliver(changePlan.id());

        assertEquals(503, cut.status(), cut.body());
        assertTrue(cut.headers().containsKey("Retry-After"));
        assertFalse(cut.body().contains("Exception"), cut.body());
        assertEquals(OperationStatus.Succeeded, world.azure.operation(changePlan.id()).orElseThrow().status());
        assertEquals(before, world.snapshot(), "nothing stored, not even the notice");
        assertEquals(1, world.operationPatches());

        world.azure.faults().clear();
        WebResponse again = world.deliver(changePlan.id());

        assertEquals(200, again.status(), again.body());
        assertEquals("applied", json(again).get("outcome").asText());
        assertEquals("team-plus", world.stored(id).azure().planId());
        assertEquals(1, world.operationPatches(), "the settled operation is not answered again");
    }

    @Test
    void givenDeclineCannotBeDelivered_thenCallRejectedAndDeclinedOnRedelivery() {
        world = new WebhookWorld(AzureOperationPolicy.declineAll());
        String id = world.activatedSubscription("team", 5, null);
        MarketplaceOperation suspend = world.azure.suspend(id);
        assertEquals(200, world.deliver(suspend.id()).status());
        MarketplaceOperation reinstate = world.azure.reinstate(id);
        world.azure.faults().failNext(AzureApi.UPDATE_OPERATION, 10);

        WebResponse cut = world.deliver(reinstate.id());

        assertEquals(409, cut.status(), "the 4xx rejects it even though the PATCH failed: " + cut.body());
        assertEquals(OperationStatus.InProgress, world.azure.operation(reinstate.id()).orElseThrow().status());

        world.azure.faults().clear();
        WebResponse again = world.deliver(reinstate.id());

        assertEquals(409, again.status(), again.body());
        assertFalse(json(again).get("duplicate").asBoolean(), "the first decline was not recorded as delivered");
        assertEquals(OperationStatus.Failed, world.azure.operation(reinstate.id()).orElseThrow().status());
        assertEquals(SubscriptionStatus.SUSPENDED, world.stored(id).status());
    }

    @Test
    void givenMarketplaceUnavailable_then503AndNothingChanged() {
        world = new WebhookWorld(AzureOperationPolicy.acceptAll());
        String id = world.activatedSubscription("team", 5, null);
        MarketplaceOperation suspend = world.azure.suspend(id);
        Map<String, Item> before = world.snapshot();
        world.azure.faults().failNext(AzureApi.GET_OPERATION, 10);

        WebResponse response = world.deliver(suspend.id());

        assertEquals(503, response.status(), response.body());
        assertEquals("5", response.headers().get("Retry-After"));
        assertEquals(before, world.snapshot());
        assertEquals(SubscriptionStatus.ACTIVE, world.stored(id).status());
    }

    private static JsonNode json(WebResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
