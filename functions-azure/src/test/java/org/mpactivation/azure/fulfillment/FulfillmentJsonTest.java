package org.mpactivation.azure.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.azure.AvailablePlan;
import org.mpactivation.port.out.azure.OperationOutcome;
import org.mpactivation.port.out.azure.ResolvedPurchase;
import org.mpactivation.port.out.azure.SaasSubscriptionStatus;

/** The Fulfillment API's answers read without the object mapper, and its bodies as the mapper wrote them. */
class FulfillmentJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final FulfillmentJson json = FulfillmentJson.shared();

    @Test
    void givenAResolveAnswer_thenThePurchaseWithItsSubscription() {
        ResolvedPurchase purchase = json.purchase(json.read("""
                {"id":"sub-1","subscriptionName":"Contoso \\u00fc","offerId":"offer","planId":"gold","quantity":5,
                 "subscription":{"id":"sub-1","name":"Contoso","offerId":"offer","planId":"gold","quantity":5.0,
                  "saasSubscriptionStatus":"PendingFulfillmentStart","autoRenew":true,"isTest":"true",
                  "isFreeTrial":1,"created":"2026-01-02T03:04:05",
                  "purchaser":{"emailId":"p@example.com","objectId":"po","tenantId":"pt","puid":null},
                  "beneficiary":{"emailId":"b@example.com"},
                  "term":{"startDate":"2026-01-02","endDate":"2026-02-02T00:00:00+01:00","termUnit":"P1M"},
                  "unknown":{"nested":[1,2,3]}}}
                """));

        assertEquals("sub-1", purchase.subscriptionId());
        assertEquals("Contoso ü", purchase.subscriptionName());
        assertEquals(5, purchase.quantity());
        var subscription = purchase.subscription();
        assertEquals(5, subscription.quantity());
        assertEquals(SaasSubscriptionStatus.fromWire("PendingFulfillmentStart"), subscription.status());
        assertTrue(subscription.autoRenew());
        assertTrue(subscription.isTest(), "a string \"true\" reads as the mapper read it");
        assertTrue(subscription.isFreeTrial(), "an integer other than 0 reads as the mapper read it");
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), subscription.created());
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), subscription.term().startDate());
        assertEquals(Instant.parse("2026-02-01T23:00:00Z"), subscription.term().endDate());
        assertEquals("pt", subscription.purchaser().tenantId());
        assertNull(subscription.purchaser().puid());
        assertNull(subscription.beneficiary().tenantId());
    }

    @Test
    void givenPlans_thenInOrder_andAbsentListsEmpty() {
        assertEquals(List.of(new AvailablePlan("a", "A", true), new AvailablePlan("b", null, false)),
                json.plans(json.read("{\"plans\":[{\"planId\":\"a\",\"displayName\":\"A\",\"isPricePerSeat\":true},"
                        + "{\"planId\":\"b\"}]}")));
        assertEquals(List.of(), json.plans(json.read("{}")));
    }

    @Test
    void givenAnswersThatAreNoJsonObject_thenTheMarketplaceIsUnavailable() {
        for (String body : new String[] {null, "", "  ", "[1]", "\"text\"", "null"}) {
            MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                    () -> json.read(body), String.valueOf(body));
            assertEquals("the marketplace answered without a JSON object", e.getMessage());
        }
        for (String body : new String[] {"{", "{\"id\":}", "<html>", "{\"a\":1} trailing",
                "[".repeat(200) + "]".repeat(200)}) {
            MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                    () -> json.read(body), body);
            assertEquals("the marketplace answered with malformed JSON", e.getMessage());
        }
    }

    @Test
    void givenRequestBodies_thenTheBytesTheMapperWrote() {
        assertEquals(MAPPER.createObjectNode().put("planId", "gold \"ü\"").put("quantity", 3).toString(),
                json.activation("gold \"ü\"", 3));
        assertEquals(MAPPER.createObjectNode().put("planId", "gold").toString(), json.activation("gold", null));
        ObjectNode update = MAPPER.createObjectNode().put("planId", "p").put("quantity", 2);
        assertEquals(update.put("status", "Success").toString(),
                json.operationUpdate("p", 2, OperationOutcome.SUCCESS));
        assertEquals(MAPPER.createObjectNode().put("status", "Failure").toString(),
                json.operationUpdate(null, null, OperationOutcome.FAILURE));
    }
}
