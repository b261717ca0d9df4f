package org.mpactivation.azure.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.AzureOperationPolicy;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.simulator.azure.OperationStatus;
import org.mpactivation.web.WebResponse;

/**
 * The Azure webhook end to end: the marketplace simulator starts each operation and its webhook body is posted to
 * the route with a token the Entra stand-in minted; the real verifier, fulfillment client and repositories do the
 * rest. Every call is delivered twice, as the marketplace redelivers: the second must change nothing.
 */
class AzureWebhookEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookWorld world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void givenActivatedSubscription_whenEveryOperationArrivesTwice_thenEachIsAppliedOnce() {
        world = new WebhookWorld(AzureOperationPolicy.acceptAll());
        String id = world.activatedSubscription("team", 5, "ws-1");

        MarketplaceOperation suspend = deliverTwice(() -> world.azure.suspend(id));
        assertEquals(SubscriptionStatus.SUSPENDED, world.stored(id).status());
        assertEquals("Suspended", world.stored(id).azure().saasStatus());
        assertEquals(0, world.operationPatches(), "a notification is not answered with a PATCH");
        assertStatusChange(id, SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED, suspend);

        MarketplaceOperation reinstate = deliverTwice(() -> world.azure.reinstate(id));
        assertEquals(OperationStatus.Succeeded, world.azure.operation(reinstate.id()).orElseThrow().status());
        assertEquals(SubscriptionStatus.ACTIVE, world.stored(id).status());
        assertStatusChange(id, SubscriptionStatus.SUSPENDED, SubscriptionStatus.ACTIVE, reinstate);

        MarketplaceOperation changePlan = deliverTwice(() -> world.azure.changePlan(id, "team-plus"));
        assertEquals(OperationStatus.Succeeded, world.azure.operation(changePlan.id()).orElseThrow().status());
        assertEquals("team-plus", world.azure.subscription(id).planId());
        assertEquals("team-plus", world.stored(id).azure().planId());
        assertPurchaseChange(id, "PLAN", "team", "team-plus", changePlan);

        MarketplaceOperation changeQuantity = deliverTwice(() -> world.azure.changeQuantity(id, 8));
        assertEquals(OperationStatus.Succeeded, world.azure.operation(changeQuantity.id()).orElseThrow().status());
        assertEquals(8, world.stored(id).azure().quantity());
        assertPurchaseChange(id, "QUANTITY", "5", "8", changeQuantity);
        assertEquals(3, world.operationPatches(), "one PATCH Success per operation awaiting an answer, none again");

        Instant termEndBefore = world.stored(id).azure().termEnd();
        MarketplaceOperation renew = deliverTwice(() -> world.azure.renew(id));
        assertEquals(world.azure.subscription(id).term().endDate(), world.stored(id).azure().termEnd());
        assertTrue(world.stored(id).azure().termEnd().isAfter(termEndBefore), "the new term ends later");
        assertEquals(1, purchaseChanges(id, "TERM", renew).size());

        MarketplaceOperation unsubscribe = deliverTwice(() -> world.azure.unsubscribe(id));
        MarketplaceSubscription ended = world.stored(id);
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, ended.status());
        assertTrue(ended.isOver());
        assertStatusChange(id, SubscriptionStatus.ACTIVE, SubscriptionStatus.UNSUBSCRIBED, unsubscribe);
        List<AuditTrail.WorkspaceReleased> releases = world.audit.releases(ended.id());
        assertEquals(1, releases.size(), "the workspace of the ended subscription is released");
        assertEquals("ws-1", releases.get(0).workspaceId());
        assertTrue(world.workspaces.find("ws-1").orElseThrow().isBindable());
        assertEquals(3, world.operationPatches());
    }

    @Test
    void givenPolicyDecliningThePlan_whenChangePlanArrives_thenOperationFailedAndNothingChanged() {
        world = new WebhookWorld(AzureOperationPolicy.parse("decline-plans=enterprise; max-quantity=50"));
        String id = world.activatedSubscription("team", 5, null);
        Map<String, Item> before = world.snapshot();

        MarketplaceOperation changePlan = world.azure.changePlan(id, "enterprise");
        WebResponse first = world.deliver(changePlan.id());

        assertEquals(409, first.status(), first.body());
        assertEquals("declined", json(first).get("outcome").asText());
        assertEquals(OperationStatus.Failed, world.azure.operation(changePlan.id()).orElseThrow().status());
        assertEquals("team", world.azure.subscription(id).planId());
        assertEquals("team", world.stored(id).azure().planId());
        assertEquals(before.values().stream().filter(item -> !item.key().pk().startsWith("NOTICE#")).toList(),
                world.snapshot().values().stream().filter(item -> !item.key().pk().startsWith("NOTICE#")).toList(),
                "nothing but the notice log was written");
        assertEquals(1, world.operationPatches());

        Map<String, Item> afterFirst = world.snapshot();
        WebResponse again = world.deliver(changePlan.id());

        assertEquals(409, again.status(), "a redelivery gets the same answer");
        assertTrue(json(again).get("duplicate").asBoolean());
        assertEquals(afterFirst, world.snapshot());
        assertEquals(1, world.operationPatches(), "no second PATCH");
    }

    @Test
    void givenPolicyMaxQuantity_whenMoreSeatsAreAsked_thenDeclined() {
        world = new WebhookWorld(AzureOperationPolicy.parse("max-quantity=10"));
        String id = world.activatedSubscription("team", 5, null);

        MarketplaceOperation tooMany = world.azure.changeQuantity(id, 11);
        assertEquals(409, world.deliver(tooMany.id()).status());
        assertEquals(OperationStatus.Failed, world.azure.operation(tooMany.id()).orElseThrow().status());
        assertEquals(5, world.stored(id).azure().quantity());

        MarketplaceOperation allowed = world.azure.changeQuantity(id, 10);
        assertEquals(200, world.deliver(allowed.id()).status());
        assertEquals(10, world.stored(id).azure().quantity());
    }

    @Test
    void givenSubscriptionWeNeverStored_whenSuspendArrives_thenStoredFromTheMarketplace() {
        world = new WebhookWorld(AzureOperationPolicy.acceptAll());
        String id = world.azure.subscribe(WebhookWorld.OFFER, "basic", null,
                Identity.withEmail("other@example.com")).subscriptionId();
        world.fulfillment.activate(id, "basic", null);

        MarketplaceOperation suspend = world.azure.suspend(id);
        WebResponse response = world.deliver(suspend.id());

        assertEquals(200, response.status(), response.body());
        MarketplaceSubscription stored = world.stored(id);
        assertEquals(SubscriptionStatus.SUSPENDED, stored.status());
        assertEquals("basic", stored.azure().planId());
        assertEquals("other@example.com", stored.azure().purchaser().email());
    }

    @Test
    void givenOperationTheMarketplaceDoesNotKnow_then404AndNothingChanged() {
        world = new WebhookWorld(AzureOperationPolicy.acceptAll());
        String id = world.activatedSubscription("team", 5, null);
        MarketplaceOperation real = world.azure.changePlan(id, "team-plus");
        ObjectNode forged = world.azure.webhookPayload(real.id());
        forged.put("id", UUID.randomUUID().toString());
        Map<String, Item> before = world.snapshot();

        WebResponse response = world.post("Bearer " + world.goodToken(), "application/json",
                forged.toString().getBytes(StandardCharsets.UTF_8));

        assertEquals(404, response.status(), response.body());
        assertEquals(before, world.snapshot());
        assertEquals(0, world.operationPatches());
        assertEquals(OperationStatus.InProgress, world.azure.operation(real.id()).orElseThrow().status());
    }

    @Test
    void givenCallThatDiffersFromItsOperation_then400AndNothingChanged() {
        world = new WebhookWorld(AzureOperationPolicy.acceptAll());
        String id = world.activatedSubscription("team", 5, null);
        String other = world.activatedSubscription("team", 5, null);
        MarketplaceOperation real = world.azure.changePlan(id, "team-plus");
        Map<String, Item> before = world.snapshot();

        for (String[] change : new String[][] {{"action", "Unsubscribe"}, {"subscriptionId", other}}) {
            ObjectNode forged = world.azure.webhookPayload(real.id());
            forged.put(change[0], change[1]);
            WebResponse response = world.post("Bearer " + world.goodToken(), "application/json",
                    forged.toString().getBytes(StandardCharsets.UTF_8));

            assertTrue(response.status() == 400 || response.status() == 404, change[0] + ": " + response.status());
        }
        assertEquals(before, world.snapshot());
        assertEquals(0, world.operationPatches());
        assertEquals(OperationStatus.InProgress, world.azure.operation(real.id()).orElseThrow().status());
        assertEquals(SubscriptionStatus.ACTIVE, world.stored(id).status());
    }

    private MarketplaceOperation deliverTwice(Supplier<MarketplaceOperation> start) {
        world.clock.advance(Duration.ofMinutes(5));
        MarketplaceOperation operation = start.get();
        WebResponse first = world.deliver(operation.id());
        assertEquals(200, first.status(), operation.action() + ": " + first.body());
        assertEquals("applied", json(first).get("outcome").asText(), first.body());
        assertFalse(json(first).get("duplicate").asBoolean());
        assertEquals("application/json", first.headers().get("Content-Type"));

        Map<String, Item> afterFirst = world.snapshot();
        long patches = world.operationPatches();
        long lookups = world.azure.callCount(AzureApi.GET_OPERATION);
        OperationStatus status = world.azure.operation(operation.id()).orElseThrow().status();
        world.clock.advance(Duration.ofSeconds(30));
        WebResponse again = world.deliver(operation.id());

        assertEquals(200, again.status(), again.body());
        assertTrue(json(again).get("duplicate").asBoolean(), again.body());
        assertEquals(afterFirst, world.snapshot(), operation.action() + ": the redelivery wrote nothing");
        assertEquals(patches, world.operationPatches(), operation.action() + ": no second PATCH");
        assertEquals(lookups, world.azure.callCount(AzureApi.GET_OPERATION), "a redelivery is not looked up");
        assertEquals(status, world.azure.operation(operation.id()).orElseThrow().status());
        return operation;
    }

    private void assertStatusChange(String id, SubscriptionStatus from, SubscriptionStatus to,
                                    MarketplaceOperation operation) {
        List<StatusChange> matching = world.audit.history(world.stored(id).id()).stream()
                .filter(change -> change.cause().equals("webhook:" + operation.id())).toList();
        assertEquals(1, matching.size(), "one status entry for " + operation.action() + ": " + matching);
        assertEquals(from, matching.get(0).from());
        assertEquals(to, matching.get(0).to());
    }

    private void assertPurchaseChange(String id, String kind, String from, String to, MarketplaceOperation operation) {
        List<AuditTrail.PurchaseChange> changes = purchaseChanges(id, kind, operation);
        assertEquals(1, changes.size(), kind + " entries: " + changes);
        assertEquals(from, changes.get(0).from());
        assertEquals(to, changes.get(0).to());
        assertNotEquals(null, changes.get(0).at());
    }

    private List<AuditTrail.PurchaseChange> purchaseChanges(String id, String kind, MarketplaceOperation operation) {
        return world.audit.purchaseChanges(world.stored(id).id()).stream()
                .filter(change -> change.kind().equals(kind))
                .filter(change -> change.cause().equals("webhook:" + operation.id()))
                .toList();
    }

    private static JsonNode json(WebResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
