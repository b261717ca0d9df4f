package org.mpactivation.simulator.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Resolve, activate and read a subscription; the api-version, bearer token and request-id rules of every call. */
class ResolveAndActivateTest {

    private final AzureFixture fixture = new AzureFixture();
    private final AzureMarketplaceSimulator azure = fixture.azure;

    @AfterEach
    void close() {
        fixture.close();
    }

    private AzureFixture.Reply resolve(String token) {
        return fixture.send(AzureFixture.request(azure.baseUri() + "/saas/subscriptions/resolve?api-version=2018-08-31")
                .header("Authorization", "Bearer " + AzureFixture.TOKEN)
                .header("x-ms-marketplace-token", token), "POST", null);
    }

    @Test
    void givenTheLandingPageToken_whenDecodedAndResolved_thenThePurchaseIsReturned() {
        Purchase purchase = fixture.buy("team", 5);
        URI landing = purchase.landingUrl(URI.create("http://localhost:8080/azure/landing"));
        String parameter = landing.getRawQuery().substring("token=".length());

        AzureFixture.Reply reply = resolve(URLDecoder.decode(parameter, StandardCharsets.UTF_8));

        assertEquals(200, reply.status());
        JsonNode body = reply.body();
        assertEquals(purchase.subscriptionId(), body.get("id").asText());
        assertEquals("contoso-saas", body.get("offerId").asText());
        assertEquals("team", body.get("planId").asText());
        assertEquals(5, body.get("quantity").asInt());
        assertTrue(body.get("subscriptionName").asText().contains("buyer@example.com"));
        assertEquals("PendingFulfillmentStart", body.at("/subscription/saasSubscriptionStatus").asText());
    }

    @Test
    void givenTheTokenStillUrlEncoded_whenResolved_thenBadRequest() {
        Purchase purchase = fixture.buy("basic", null);
        assertNotEquals(purchase.token(), purchase.urlEncodedToken(), "the token needs URL-encoding");

        assertEquals(400, resolve(purchase.urlEncodedToken()).status());
    }

    @Test
    void givenUnknownOrMissingToken_whenResolved_thenBadRequest() {
        assertEquals(400, resolve("not-a-token").status());
        AzureFixture.Reply missing = fixture.call("POST", "/saas/subscriptions/resolve");
        assertEquals(400, missing.status());
        assertEquals("BadRequest", missing.body().at("/error/code").asText());
    }

    @Test
    void givenATokenOlderThan24Hours_whenResolved_thenBadRequest() {
        Purchase purchase = fixture.buy("basic", null);
        fixture.clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertEquals(200, resolve(purchase.token()).status());

        fixture.clock.advance(Duration.ofSeconds(1));
        assertEquals(400, resolve(purchase.token()).status());
        assertEquals(200, resolve(azure.issueLandingToken(purchase.subscriptionId())).status());
    }

    @Test
    void givenSingleUseTokens_whenResolvedTwice_thenTheSecondIsRefused() {
        try (AzureFixture strict = new AzureFixture(builder -> builder.singleUseTokens(true))) {
            Purchase purchase = strict.buy("basic", null);
            AzureFixture.Reply first = strict.send(AzureFixture.request(strict.azure.baseUri()
                    + "/saas/subscriptions/resolve?api-version=2018-08-31")
                    .header("Authorization", "Bearer " + AzureFixture.TOKEN)
                    .header("x-ms-marketplace-token", purchase.token()), "POST", null);
            AzureFixture.Reply second = strict.send(AzureFixture.request(strict.azure.baseUri()
                    + "/saas/subscriptions/resolve?api-version=2018-08-31")
                    .header("Authorization", "Bearer " + AzureFixture.TOKEN)
                    .header("x-ms-marketplace-token", purchase.token()), "POST", null);
            assertEquals(200, first.status());
            assertEquals(400, second.status());
        }
    }

    @Test
    void givenThePurchasedPlan_whenActivated_thenSubscribedWithATerm() {
        Purchase purchase = fixture.buy("team", 3);
        String path = "/saas/subscriptions/" + purchase.subscriptionId();

        AzureFixture.Reply activated = fixture.call("POST", path + "/activate",
                AzureFixture.object().put("planId", "team").put("quantity", 3));
        AzureFixture.Reply again = fixture.call("POST", path + "/activate",
                AzureFixture.object().put("planId", "team").put("quantity", 3));

        assertEquals(200, activated.status());
        assertEquals(200, again.status(), "activating an active subscription again changes nothing");
        JsonNode subscription = fixture.call("GET", path).body();
        assertEquals("Subscribed", subscription.get("saasSubscriptionStatus").asText());
        assertEquals("2026-03-02T00:00:00Z", subscription.at("/term/startDate").asText());
        assertEquals("2027-03-01T00:00:00Z", subscription.at("/term/endDate").asText());
        assertEquals("P1Y", subscription.at("/term/termUnit").asText());
    }

    @Test
    void givenAnotherPlanOrQuantity_whenActivated_thenBadRequestAndStillPending() {
        Purchase purchase = fixture.buy("team", 3);
        String path = "/saas/subscriptions/" + purchase.subscriptionId();

        assertEquals(400, fixture.call("POST", path + "/activate", AzureFixture.object().put("planId", "basic")).status());
        assertEquals(400, fixture.call("POST", path + "/activate",
                AzureFixture.object().put("planId", "team").put("quantity", 4)).status());
        assertEquals(400, fixture.call("POST", path + "/activate", AzureFixture.object().put("planId", "team")).status(),
                "a per-seat plan is activated with its seats");
        assertEquals(400, fixture.call("POST", path + "/activate", AzureFixture.object()).status());
        assertEquals(404, fixture.call("POST", "/saas/subscriptions/" + UUID.randomUUID() + "/activate",
                AzureFixture.object().put("planId", "team")).status());
        assertEquals(SubscriptionStatus.PendingFulfillmentStart, azure.subscription(purchase.subscriptionId()).status());
    }

    @Test
    void subscriptionCarriesTheDocumentedFields() {
        String id = fixture.activeBasic();

        JsonNode subscription = fixture.call("GET", "/saas/subscriptions/" + id).body();

        for (String field : new String[] {"id", "publisherId", "offerId", "name", "planId", "saasSubscriptionStatus",
                "beneficiary", "purchaser", "term", "autoRenew", "isTest", "isFreeTrial", "allowedCustomerOperations",
                "sessionMode", "sandboxType", "created"}) {
            assertTrue(subscription.has(field), field);
        }
        assertFalse(subscription.has("quantity"), "a flat-rate plan has no quantity");
        for (String field : new String[] {"emailId", "objectId", "tenantId", "puid"}) {
            assertTrue(subscription.get("purchaser").has(field), field);
        }
        assertEquals(404, fixture.call("GET", "/saas/subscriptions/" + UUID.randomUUID()).status());
    }

    @Test
    void listAvailablePlansShowsTheOffersPlansAndDimensions() {
        String id = fixture.activeBasic();

        JsonNode plans = fixture.call("GET", "/saas/subscriptions/" + id + "/listAvailablePlans").body().get("plans");

        assertEquals(3, plans.size());
        assertEquals("basic", plans.get(0).get("planId").asText());
        assertFalse(plans.get(0).get("isPricePerSeat").asBoolean());
        assertTrue(plans.get(2).get("isPricePerSeat").asBoolean());
        assertEquals("emails", plans.get(0).at("/planComponents/meteringDimensions/1/id").asText());
    }

    @Test
    void givenNoOrAnotherApiVersion_thenBadRequest() {
        String id = fixture.activeBasic();
        String path = azure.baseUri() + "/saas/subscriptions/" + id;

        AzureFixture.Reply none = fixture.send(AzureFixture.request(path)
                .header("Authorization", "Bearer " + AzureFixture.TOKEN), "GET", null);
        AzureFixture.Reply other = fixture.send(AzureFixture.request(path + "?api-version=2022-03-01")
                .header("Authorization", "Bearer " + AzureFixture.TOKEN), "GET", null);

        assertEquals(400, none.status());
        assertEquals(400, other.status());
    }

    @Test
    void givenNoOrAnUnknownBearerToken_thenForbidden() {
        String id = fixture.activeBasic();
        String path = azure.baseUri() + "/saas/subscriptions/" + id + "?api-version=2018-08-31";

        assertEquals(403, fixture.send(AzureFixture.request(path), "GET", null).status());
        assertEquals(403, fixture.send(AzureFixture.request(path).header("Authorization", "Bearer other"), "GET", null)
                .status());
        assertEquals(403, fixture.send(AzureFixture.request(path).header("Authorization", AzureFixture.TOKEN), "GET",
                null).status());
        assertEquals(0, azure.callCount(AzureApi.GET_SUBSCRIPTION), "refused calls are not counted");
    }

    @Test
    void requestAndCorrelationIdsAreEchoedOrGenerated() {
        String id = fixture.activeBasic();
        String path = azure.baseUri() + "/saas/subscriptions/" + id + "?api-version=2018-08-31";

        AzureFixture.Reply echoed = fixture.send(AzureFixture.request(path)
                .header("Authorization", "Bearer " + AzureFixture.TOKEN)
                .header("x-ms-requestid", "11111111-1111-1111-1111-111111111111")
                .header("x-ms-correlationid", "22222222-2222-2222-2222-222222222222"), "GET", null);
        AzureFixture.Reply generated = fixture.call("GET", "/saas/subscriptions/" + id);
        AzureFixture.Reply refused = fixture.send(AzureFixture.request(path)
                .header("x-ms-requestid", "33333333-3333-3333-3333-333333333333"), "GET", null);

        assertEquals("11111111-1111-1111-1111-111111111111", echoed.header("x-ms-requestid"));
        assertEquals("22222222-2222-2222-2222-222222222222", echoed.header("x-ms-correlationid"));
        assertNotNull(UUID.fromString(generated.header("x-ms-requestid")));
        assertNotNull(UUID.fromString(generated.header("x-ms-correlationid")));
        assertEquals("33333333-3333-3333-3333-333333333333", refused.header("x-ms-requestid"));
    }
}
