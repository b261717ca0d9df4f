package org.mpactivation.azure.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.azure.signin.BuyerBrowser;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.observability.log.LogCapture;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.simulator.entra.TokenForm;
import org.mpactivation.testkit.Browser;
import org.mpactivation.testkit.DynaliteExtension;
import org.mpactivation.testkit.DynamoDbEndpoint;
import org.mpactivation.testkit.LogLines;

/**
 * Everything the Azure functions write while a buyer lands with the portal's token, signs in with Entra
 * ID, registers (password, e-mail code) and activates, the marketplace's webhook (Entra bearer tokens)
 * changes the subscription, and the metering and reconciliation runs: every line one JSON object with its
 * fields, and none of the secrets used (tokens, codes, passwords, cookies, client secrets) in any line.
 */
@ExtendWith(DynaliteExtension.class)
class AzureLogCaptureEndToEndTest {

    private static final String PASSWORD = "correct horse 42";

    private AzureWorld world;

    @BeforeEach
    void start(DynamoDbEndpoint engine) {
        world = new AzureWorld(DynamoDbTestClients.client(engine));
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void givenAFullActivationWebhooksAndRuns_thenEveryLineIsJsonWithItsFieldsAndNoSecretAppears() {
        Set<String> secrets = new LinkedHashSet<>(List.of(PASSWORD, world.apiSecret, world.signInSecret,
                world.sessionSecret));
        List<String> captured;
        try (LogCapture capture = LogCapture.start()) {
            Purchase purchase = world.buy("team", 5);
            secrets.add(purchase.token());
            Browser browser = world.browser();
            secrets.addAll(landAndSignIn(browser, purchase));
            register(browser, "ada", "ada@contoso.example", "Contoso production");
            secrets.addAll(browser.cookieValues());
            String id = purchase.subscriptionId();

            secrets.add(deliver(world.azure.suspend(id)));
            secrets.add(deliver(world.azure.reinstate(id)));
            String workspace = world.subscriptions.workspaceIds(SubscriptionId.azure(id)).get(0);
            Instant hour = world.clock.instant().truncatedTo(ChronoUnit.HOURS);
            new UsageRepository(world.store).putIfAbsent(new UsageRecord("r-1", workspace, "api_calls", hour, 1200));
            world.clock.advance(Duration.ofHours(1));
            world.graph.meteringRun(Duration.ofMinutes(5));
            world.graph.reconciliationRun("log-check");
            captured = capture.allLines();
        }
        world.mailer.sent().stream().map(EmailMessage::textBody).forEach(text -> secrets.addAll(codesIn(text)));

        LogLines lines = LogLines.of(captured).wellFormed().ourEventsInRequestsCarryTheContext().containNone(secrets);
        List<JsonNode> closing = lines.closingLines();
        assertTrue(closing.stream().allMatch(mdc -> "azure".equals(mdc.get("cloud").asText())), closing.toString());
        assertTrue(closing.stream().anyMatch(mdc -> "webhook".equals(mdc.get("function").asText())
                && mdc.hasNonNull("subscription") && "200".equals(mdc.get("status").asText())), closing.toString());
        assertTrue(closing.stream().anyMatch(mdc -> "/azure/landing".equals(mdc.get("route").asText())),
                "the landing route's template, never its ?token=");
        List<JsonNode> calls = lines.events().stream()
                .filter(e -> "marketplace call".equals(e.path("message").asText())).map(e -> e.get("mdc")).toList();
        assertTrue(calls.stream().anyMatch(mdc -> "activate".equals(mdc.get("operation").asText())
                && mdc.hasNonNull("request_id") && mdc.hasNonNull("marketplace_request_id")), calls.toString());
        List<JsonNode> metrics = lines.events().stream().filter(e -> "metric".equals(e.path("message").asText()))
                .map(e -> e.get("mdc")).toList();
        assertEquals(1, metrics.stream().filter(mdc -> "activations".equals(mdc.get("metric").asText())
                && "activated".equals(mdc.get("metric_outcome").asText())).count(), metrics.toString());
        assertEquals(2, metrics.stream().filter(mdc -> "webhook.operations".equals(mdc.get("metric").asText())
                && "applied".equals(mdc.get("metric_outcome").asText())).count(), metrics.toString());
        assertTrue(metrics.stream().anyMatch(mdc -> "metering.records".equals(mdc.get("metric").asText())
                && "sent".equals(mdc.get("metric_outcome").asText())), metrics.toString());
        assertTrue(metrics.stream().anyMatch(mdc -> "reconciliation.drift".equals(mdc.get("metric").asText())),
                metrics.toString());
        System.out.println("log lines checked: " + lines.size() + " (" + lines.events().size() + " events, "
                + closing.size() + " requests, " + metrics.size() + " metric lines), " + secrets.size()
                + " secrets looked for");
    }

    /** Delivers the operation's webhook with a fresh bearer token; the token. */
    private String deliver(MarketplaceOperation operation) {
        String token = world.entra.marketplaceWebhookToken(world.apiClientId, AzureWorld.PUBLISHER_TENANT,
                TokenForm.V2);
        HttpResponse<String> answer = world.post("/azure/webhook", "Bearer " + token,
                world.azure.webhookPayload(operation.id()).toString());
        assertEquals(200, answer.statusCode(), answer.body());
        return token;
    }

    // The two steps below walk the same path as AzureActivationEndToEndTest's, returning what they used.

    /** The landing page and the Entra sign-in; the authorization code and state the callback carried. */
    private List<String> landAndSignIn(Browser browser, Purchase purchase) {
        URI landing = purchase.landingUrl(URI.create("http://127.0.0.1/azure/landing"));
        HttpResponse<String> landed = browser.get(landing.getRawPath() + "?" + landing.getRawQuery());
        assertEquals(303, landed.statusCode(), landed.body());
        URI authorize = URI.create(landed.headers().firstValue("Location").orElseThrow());
        Map<String, String> callback = new BuyerBrowser().signIn(authorize, world.buyer.objectId());
        HttpResponse<String> back = browser.get("/azure/signin/callback?code=" + enc(callback.get("code"))
                + "&state=" + enc(callback.get("state")));
        assertEquals(303, back.statusCode(), back.body());
        return List.of(callback.get("code"), callback.get("state"));
    }

    private void register(Browser browser, String username, String email, String workspaceName) {
        browser.submit("/activate/register", "/activate/register", Map.of("action", "send-code", "email", email));
        Map<String, String> basic = new HashMap<>();
        basic.put("action", "next");
        basic.put("username", username);
        basic.put("password", PASSWORD);
        basic.put("passwordConfirmation", PASSWORD);
        basic.put("email", email);
        basic.put("code", world.mailer.lastCodeTo(email));
        basic.put("phone", "");
        assertEquals(303, browser.submit("/activate/register", "/activate/register", basic).statusCode());
        assertEquals(303, browser.submit("/activate/register/company", "/activate/register/company",
                Map.of("companyName", "Contoso", "contactName", "Ada Buyer", "country", "Ireland",
                        "address", "1 Example Road")).statusCode());
        HttpResponse<String> activated = browser.submit("/activate/register/workspace",
                "/activate/register/workspace", Map.of("workspaceName", workspaceName, "language", "en",
                        "site", "us-oregon"));
        assertEquals("/activate/done", activated.headers().firstValue("Location").orElseThrow());
    }

    private static List<String> codesIn(String text) {
        return java.util.regex.Pattern.compile("\\b(\\d{6})\\b").matcher(text).results().map(m -> m.group(1)).toList();
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
