package org.mpactivation.azure.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.mpactivation.application.AzureOperationPolicy;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.simulator.azure.OperationStatus;
import org.mpactivation.simulator.entra.TokenDefect;
import org.mpactivation.web.WebResponse;

/**
 * Calls the webhook must not act on: without a token the marketplace's Entra tenant issued to us, or with a body
 * that is not an operation. A plan change awaits an answer meanwhile, so that acting on such a call would show
 * (a PATCH, a Get Operation, a write); each must be refused with nothing changed and the marketplace not asked.
 */
class AzureWebhookRefusalTest {

    private WebhookWorld world;
    private String subscriptionId;
    private MarketplaceOperation pending;
    private Map<String, Item> before;

    @BeforeEach
    void start() {
        world = new WebhookWorld(AzureOperationPolicy.acceptAll());
        subscriptionId = world.activatedSubscription("team", 5, null);
        pending = world.azure.changePlan(subscriptionId, "team-plus");
        before = world.snapshot();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @ParameterizedTest
    @EnumSource(value = TokenDefect.class, names = {"FORGED_SIGNATURE", "UNKNOWN_KEY", "EXPIRED", "NOT_YET_VALID",
            "ALG_NONE"})
    void givenInvalidToken_then401AndNothingChanged(TokenDefect defect) {
        WebResponse response = world.post("Bearer " + world.badToken(defect), "application/json",
                world.payload(pending.id()));

        assertEquals(401, response.status(), defect + ": " + response.body());
        assertTrue(response.headers().get("WWW-Authenticate").startsWith("Bearer"));
        assertNothingChanged(response);
    }

    @ParameterizedTest
    @EnumSource(value = TokenDefect.class, names = {"WRONG_AUDIENCE", "WRONG_TENANT", "WRONG_APPLICATION"})
    void givenTokenIssuedToSomeoneElse_then403AndNothingChanged(TokenDefect defect) {
        WebResponse response = world.post("Bearer " + world.badToken(defect), "application/json",
                world.payload(pending.id()));

        assertEquals(403, response.status(), defect + ": " + response.body());
        assertNothingChanged(response);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"none", "Basic dXNlcjpwYXNz", "Bearer not-a-jwt"})
    void givenNoBearerToken_then401AndNothingChanged(String authorization) {
        WebResponse response = world.post(authorization, "application/json", world.payload(pending.id()));

        assertEquals(401, response.status(), response.body());
        assertTrue(response.headers().get("WWW-Authenticate").startsWith("Bearer"));
        assertNothingChanged(response);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "415|text/plain|{}",
            "415|application/jsonp|{}",
            "415|application/jsonx|{}",
            "415|application/json-patch+json|{}",
            "415|text/plainx|{}",
            "415|application/json/x|{}",
            "415|none|{}",
            "400|application/json|not json",
            "400|application/json|[1,2]",
            "400|application/json|null",
            "400|application/json|",
            "400|application/json; charset=utf-8|{\"action\":\"Suspend\"}",
            "400|application/json|{\"id\":\"../../x\",\"subscriptionId\":\"SUB\",\"action\":\"Suspend\"}",
            "400|application/json|{\"id\":\"OP\",\"subscriptionId\":\"SUB\",\"action\":\"Suspend\",\"quantity\":1.5}",
            "400|application/json|{\"id\":\"OP\",\"subscriptionId\":\"SUB\",\"action\":\"Suspend\"} trailing"})
    void givenBodyThatIsNoOperation_thenRefusedAndNothingChanged(int status, String contentType, String body) {
        String sent = body == null ? "" : body.replace("SUB", subscriptionId).replace("OP", pending.id());

        WebResponse response = world.post("Bearer " + world.goodToken(),
                "none".equals(contentType) ? null : contentType, sent.getBytes(StandardCharsets.UTF_8));

        assertEquals(status, response.status(), body + ": " + response.body());
        assertNothingChanged(response);
    }

    @Test
    void givenKeySetUnreachable_then503WithRetryAfterAndNothingChanged() {
        String token = world.goodToken();
        world.entra.close();

        WebResponse response = world.post("Bearer " + token, "application/json", world.payload(pending.id()));

        assertEquals(503, response.status(), response.body());
        assertEquals("5", response.headers().get("Retry-After"));
        assertNothingChanged(response);
    }

    private void assertNothingChanged(WebResponse response) {
        assertEquals("application/json", response.headers().get("Content-Type"));
        assertTrue(response.body().startsWith("{\"error\":"), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
        assertEquals(before, world.snapshot(), "the store is as before");
        assertEquals(0, world.azure.callCount(AzureApi.GET_OPERATION), "the marketplace was not asked");
        assertEquals(0, world.operationPatches());
        assertEquals(OperationStatus.InProgress, world.azure.operation(pending.id()).orElseThrow().status());
    }
}
