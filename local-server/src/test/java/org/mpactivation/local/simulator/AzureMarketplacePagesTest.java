package org.mpactivation.local.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.azure.webhook.EntraWebhookVerifier;
import org.mpactivation.azure.webhook.WebhookTokenSettings;
import org.mpactivation.port.out.WebhookCaller;
import org.mpactivation.simulator.azure.AccessTokenCheck;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.azure.OperationStatus;
import org.mpactivation.simulator.azure.SubscriptionStatus;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * The Azure simulator pages through the router, with the simulated marketplace and Entra over real HTTP and a
 * small webhook endpoint that checks each call's token with the Azure functions' own verifier.
 */
class AzureMarketplacePagesTest {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String OUR_APP = "5b1d3f2a-9c4e-4a8b-b6d7-0e1f2a3b4c5d";
    private static final String API_TOKEN = "fulfillment-token-for-tests";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern LANDING = Pattern.compile("href=\"/azure/landing\\?token=([^\"]+)\"");
    private static final Pattern SUBSCRIPTION = Pattern.compile("id=\"subscription-([0-9a-f-]{36})\"");
    private static final List<String> CONTRACT_FIELDS = List.of("id", "activityId", "subscriptionId", "publisherId",
            "offerId", "planId", "quantity", "timeStamp", "action", "status", "operationRequestSource",
            "subscription");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T10:15:30Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EntraSimulator entra;
    private AzureMarketplaceSimulator azure;
    private WebhookReceiver receiver;
    private EntraWebhookVerifier verifier;
    private Router router;

    @BeforeEach
    void start() {
        entra = EntraSimulator.builder().clock(clock).start();
        azure = AzureMarketplaceSimulator.builder().clock(clock)
                .acceptedTokens(AccessTokenCheck.acceptingOnly(API_TOKEN)).start();
        receiver = new WebhookReceiver();
        verifier = new EntraWebhookVerifier(WebhookTokenSettings.forTenant(TENANT, OUR_APP)
                .withKeySetUri(entra.keySetUri(TENANT))
                .withIssuerAuthorities(entra.issuers().v1Authority(), entra.issuers().v2Authority()),
                clock, new DefaultResourceRetriever(2_000, 2_000, 64 * 1024));
        AzureMarketplacePages pages = new AzureMarketplacePages(azure, entra, List.of("requests", "storage"),
                URI.create("/azure/landing"), new AzureWebhookTarget(receiver::url, TENANT, OUR_APP),
                new PageRenderer(), clock);
        router = pages.mount(new Router((status, key) -> WebResponse.html(status, "<p>" + key + "</p>")));
    }

    @AfterEach
    void stop() {
        receiver.close();
        azure.close();
        entra.close();
    }

    // ---- subscribing

    @Test
    void givenSubscribeForm_thenSubscriptionIsListedWithALandingLinkWhoseTokenResolves() throws Exception {
        WebResponse answer = subscribe("per-seat", "5", "buyer@contoso.example", "Ada Buyer", "contoso-tenant-1");

        assertEquals(303, answer.status());
        String page = router.handle(get("/simulator/azure")).body();
        String id = subscriptionIn(page);
        assertTrue(page.contains("PendingFulfillmentStart"), page);
        assertTrue(page.contains("<code>per-seat</code>, 5 seats"), page);
        assertTrue(page.contains("buyer@contoso.example"));
        assertTrue(page.contains("starts when the publisher activates"));

        Matcher landing = LANDING.matcher(page);
        assertTrue(landing.find(), "no Configure account link");
        String token = URLDecoder.decode(landing.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> resolved = api("POST", "/saas/subscriptions/resolve", Map.of("x-ms-marketplace-token",
                token), "");
        assertEquals(200, resolved.statusCode(), resolved.body());
        JsonNode body = JSON.readTree(resolved.body());
        assertEquals(id, body.get("id").asText());
        assertEquals("per-seat", body.get("planId").asText());
        assertEquals(5, body.get("quantity").asInt());
        assertEquals("contoso-tenant-1", body.at("/subscription/purchaser/tenantId").asText());
        assertTrue(entra.users().stream().anyMatch(u -> u.email().equals("buyer@contoso.example")
                && u.tenantId().equals("contoso-tenant-1") && u.name().equals("Ada Buyer")),
                "the buyer can sign in with the Entra stand-in");
    }

    @Test
    void givenNewLandingToken_thenTheLinkCarriesAnotherTokenThatResolvesToo() throws Exception {
        subscribe("flat-rate", "", "buyer@contoso.example", "", "");
        String page = router.handle(get("/simulator/azure")).body();
        String id = subscriptionIn(page);
        String first = landingToken(page);

        assertEquals(303, post("/simulator/azure/subscriptions/" + id + "/token", Map.of()).status());

        String second = landingToken(router.handle(get("/simulator/azure")).body());
        assertNotEquals(first, second);
        assertEquals(200, api("POST", "/saas/subscriptions/resolve", Map.of("x-ms-marketplace-token", second), "")
                .statusCode());
    }

    @Test
    void givenBadSubscribeInput_thenA400SaysWhyAndNothingIsBought() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("no-such-plan|1|buyer@contoso.example|", "Choose one of the offer's plans.");
        cases.put("per-seat|0|buyer@contoso.example|", "A per-seat plan needs a number of seats");
        cases.put("per-seat|many|buyer@contoso.example|", "A per-seat plan needs a number of seats");
        cases.put("flat-rate||not-an-address|", "Type the buyer's e-mail address");
        cases.put("flat-rate||buyer@contoso.example|bad tenant!", "A tenant id is letters");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String[] v = c.getKey().split("\\|", -1);
            WebResponse answer = subscribe(v[0], v[1], v[2], "", v[3]);
            assertEquals(400, answer.status(), c.getKey());
            assertTrue(answer.body().contains(c.getValue()), c.getKey());
        }
        WebResponse hostile = subscribe("flat-rate", "", "<script>@x.example", "", "");
        assertEquals(400, hostile.status());
        assertFalse(hostile.body().contains("<script>@"), "what was typed is shown escaped");
        assertTrue(router.handle(get("/simulator/azure")).body().contains("No subscription yet."));
        assertTrue(entra.users().isEmpty());
    }

    @Test
    void givenHostileBuyerName_thenItIsShownEscaped() {
        subscribe("flat-rate", "", "eve@contoso.example", "<img src=x onerror=alert(1)>", "");
        String page = router.handle(get("/simulator/azure")).body();

        assertFalse(page.contains("<img src=x"));
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)>") || page.contains("&lt;img src=x onerror=alert(1)&gt;"),
                page);
    }

    // ---- webhooks

    @Test
    void givenChangePlanButton_thenAnEntraSignedWebhookWithTheContractFieldsIsPostedAndAccepted() throws Exception {
        String id = activeSubscription("flat-rate", "");

        WebResponse answer = post("/simulator/azure/subscriptions/" + id + "/operations",
                Map.of("action", "ChangePlan", "planId", "per-seat"));

        assertEquals(303, answer.status());
        assertEquals(1, receiver.calls().size());
        WebhookReceiver.Call call = receiver.calls().get(0);
        assertEquals("POST", call.method());
        assertTrue(call.contentType().startsWith("application/json"));
        WebhookCaller caller = verifier.authenticate(call.authorization());
        assertEquals(TENANT, caller.tenantId());
        assertEquals(WebhookTokenSettings.MARKETPLACE_APP_ID, caller.applicationId());

        JsonNode body = JSON.readTree(call.body());
        for (String field : CONTRACT_FIELDS) {
            assertTrue(body.has(field), "the webhook lacks " + field + ": " + call.body());
        }
        assertEquals("ChangePlan", body.get("action").asText());
        assertEquals("InProgress", body.get("status").asText());
        assertEquals("per-seat", body.get("planId").asText());
        assertEquals(id, body.get("subscriptionId").asText());
        assertEquals(AzureOfferPlans.OFFER_ID, body.get("offerId").asText());
        assertEquals(AzureOfferPlans.PUBLISHER_ID, body.get("publisherId").asText());
        assertEquals("Azure", body.get("operationRequestSource").asText());
        assertEquals(id, body.at("/subscription/id").asText());
        Instant.parse(body.get("timeStamp").asText());

        MarketplaceOperation operation = azure.operation(body.get("id").asText()).orElseThrow();
        assertEquals(OperationStatus.Succeeded, operation.status(), "a 2xx answer accepts the change");
        assertEquals("per-seat", azure.subscription(id).planId());
        String page = router.handle(get("/simulator/azure")).body();
        assertTrue(page.contains(operation.id()));
        assertTrue(page.contains("<dt>Our answer</dt><dd><strong class=\"result-ok\">200</strong>"), page);
        assertTrue(page.contains("<dt>Operation afterwards</dt><dd>Succeeded</dd>"), page);
    }

    @Test
    void givenOurWebhookAnswers4xx_thenTheChangeIsRejectedAndThePlanStays() throws Exception {
        String id = activeSubscription("per-seat", "5");
        receiver.answer(400);

        post("/simulator/azure/subscriptions/" + id + "/operations", Map.of("action", "ChangeQuantity",
                "quantity", "9"));

        JsonNode body = JSON.readTree(receiver.calls().get(0).body());
        assertEquals("ChangeQuantity", body.get("action").asText());
        assertEquals(9, body.get("quantity").asInt());
        assertEquals(OperationStatus.Failed, azure.operation(body.get("id").asText()).orElseThrow().status());
        assertEquals(5, azure.subscription(id).quantity());
        assertTrue(router.handle(get("/simulator/azure")).body()
                .contains("<dt>Operation afterwards</dt><dd>Failed</dd>"));
    }

    @Test
    void givenRedeliver_thenTheSameOperationIdIsPostedAgainWithAFreshToken() throws Exception {
        String id = activeSubscription("flat-rate", "");
        post("/simulator/azure/subscriptions/" + id + "/operations", Map.of("action", "Suspend"));
        assertEquals(SubscriptionStatus.Suspended, azure.subscription(id).status());

        WebResponse again = post("/simulator/azure/deliveries/1/again", Map.of());

        assertEquals(303, again.status());
        List<WebhookReceiver.Call> calls = receiver.calls();
        assertEquals(2, calls.size());
        JsonNode first = JSON.readTree(calls.get(0).body());
        JsonNode second = JSON.readTree(calls.get(1).body());
        assertEquals("Suspend", second.get("action").asText());
        assertEquals(first.get("id").asText(), second.get("id").asText());
        assertEquals(first, second, "a redelivery carries the same body");
        assertEquals(TENANT, verifier.authenticate(calls.get(1).authorization()).tenantId());
        assertEquals(1, azure.operations().size(), "no second operation");
        String page = router.handle(get("/simulator/azure")).body();
        assertTrue(page.contains("<dt>Repeats</dt><dd>delivery #1</dd>"), page);
        assertEquals(404, post("/simulator/azure/deliveries/7/again", Map.of()).status());
        assertEquals(2, receiver.calls().size());
    }

    @Test
    void givenEveryAction_thenEachIsPostedInTurnAsTheStatusAllows() throws Exception {
        String id = activeSubscription("per-seat", "2");
        List<Map<String, String>> steps = List.of(Map.of("action", "ChangePlan", "planId", "flat-rate"),
                Map.of("action", "ChangePlan", "planId", "per-seat"),
                Map.of("action", "ChangeQuantity", "quantity", "3"), Map.of("action", "Renew"),
                Map.of("action", "Suspend"), Map.of("action", "Reinstate"), Map.of("action", "Unsubscribe"));
        for (Map<String, String> step : steps) {
            assertEquals(303, post("/simulator/azure/subscriptions/" + id + "/operations", step).status(),
                    step.toString());
        }
        List<String> actions = receiver.calls().stream().map(c -> readTree(c.body()).get("action").asText())
                .toList();
        assertEquals(List.of("ChangePlan", "ChangePlan", "ChangeQuantity", "Renew", "Suspend", "Reinstate",
                "Unsubscribe"), actions);
        assertEquals(SubscriptionStatus.Unsubscribed, azure.subscription(id).status());
        assertEquals(3, azure.subscription(id).quantity());
    }

    @Test
    void givenAnActionTheStatusDoesNotAllow_thenA409AndNothingIsPosted() throws Exception {
        String id = activeSubscription("flat-rate", "");

        WebResponse reinstate = post("/simulator/azure/subscriptions/" + id + "/operations",
                Map.of("action", "Reinstate"));
        WebResponse seats = post("/simulator/azure/subscriptions/" + id + "/operations",
                Map.of("action", "ChangeQuantity", "quantity", "3"));
        WebResponse samePlan = post("/simulator/azure/subscriptions/" + id + "/operations",
                Map.of("action", "ChangePlan", "planId", "flat-rate"));
        WebResponse unknown = post("/simulator/azure/subscriptions/" + id + "/operations", Map.of("action", "Delete"));

        assertEquals(409, reinstate.status());
        assertTrue(reinstate.body().contains("The marketplace refuses this now"));
        assertEquals(400, seats.status());
        assertTrue(seats.body().contains("Only a per-seat plan has seats"));
        assertEquals(400, samePlan.status());
        assertEquals(400, unknown.status());
        assertTrue(receiver.calls().isEmpty());
        assertTrue(azure.operations().isEmpty());
        assertEquals(404, post("/simulator/azure/subscriptions/00000000-0000-0000-0000-000000000000/operations",
                Map.of("action", "Suspend")).status());
    }

    // ---- forms from elsewhere

    @Test
    void givenPostWithoutTheFormToken_thenRefusedAndNothingChanges() throws Exception {
        String id = activeSubscription("flat-rate", "");
        Map<String, String> form = Map.of("planId", "flat-rate", "email", "buyer@contoso.example");

        WebResponse noToken = router.handle(request("POST", "/simulator/azure/subscribe", Map.of(), encode(form)));
        WebResponse wrongToken = router.handle(request("POST", "/simulator/azure/subscribe", Map.of(),
                encode(with(form, "_csrf", "guessed"))));
        WebResponse crossSite = router.handle(request("POST", "/simulator/azure/subscribe",
                Map.of("sec-fetch-site", "cross-site"), encode(with(form, "_csrf", csrf()))));
        WebResponse suspend = router.handle(request("POST", "/simulator/azure/subscriptions/" + id + "/operations",
                Map.of(), encode(Map.of("action", "Suspend"))));

        assertEquals(403, noToken.status());
        assertEquals(403, wrongToken.status());
        assertEquals(403, crossSite.status());
        assertEquals(403, suspend.status());
        assertTrue(receiver.calls().isEmpty());
        assertEquals(SubscriptionStatus.Subscribed, azure.subscription(id).status());
        assertEquals(1, count(router.handle(get("/simulator/azure")).body(), "id=\"subscription-"));
    }

    // ---- metering

    @Test
    void givenAcceptedUsage_thenTheMeteringPageShowsItBySubscriptionDimensionAndHour() throws Exception {
        String id = activeSubscription("flat-rate", "");
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        String event = JSON.writeValueAsString(Map.of("resourceId", id, "quantity", 42, "dimension", "storage",
                "effectiveStartTime", hour.toString(), "planId", "flat-rate"));
        assertEquals(200, api("POST", "/usageEvent", Map.of(), event).statusCode());
        assertEquals(409, api("POST", "/usageEvent", Map.of(), event).statusCode());

        WebResponse page = router.handle(get("/simulator/azure/metering"));

        assertEquals(200, page.status());
        assertTrue(page.body().contains("<td><code>" + id + "</code></td>"), page.body());
        assertTrue(page.body().contains("<td><code>storage</code></td>"));
        assertTrue(page.body().contains("<td>" + hour + "<br>"));
        assertTrue(page.body().contains("<td class=\"number\">42</td>"));
        assertTrue(page.body().contains("<td>USAGE_EVENT</td><td><code>POST /usageEvent</code></td>"
                + "<td class=\"number\">2</td>"), page.body());
    }

    // ---- helpers

    /** Subscribes through the page, then activates through the fulfillment API as the landing page would. */
    private String activeSubscription(String plan, String seats) throws Exception {
        assertEquals(303, subscribe(plan, seats, "buyer@contoso.example", "Buyer", "").status());
        String id = subscriptionIn(router.handle(get("/simulator/azure")).body());
        String body = seats.isEmpty() ? JSON.writeValueAsString(Map.of("planId", plan))
                : JSON.writeValueAsString(Map.of("planId", plan, "quantity", Integer.parseInt(seats)));
        HttpResponse<String> activated = api("POST", "/saas/subscriptions/" + id + "/activate", Map.of(), body);
        assertEquals(200, activated.statusCode(), activated.body());
        return id;
    }

    private WebResponse subscribe(String plan, String seats, String email, String name, String tenant) {
        return post("/simulator/azure/subscribe", Map.of("planId", plan, "seats", seats, "email", email,
                "name", name, "tenantId", tenant));
    }

    private String csrf() {
        Matcher m = CSRF.matcher(router.handle(get("/simulator/azure")).body());
        assertTrue(m.find(), "no form token on the page");
        return m.group(1);
    }

    private WebResponse post(String path, Map<String, String> fields) {
        return router.handle(request("POST", path, Map.of(), encode(with(fields, "_csrf", csrf()))));
    }

    private static String subscriptionIn(String page) {
        Matcher m = SUBSCRIPTION.matcher(page);
        assertTrue(m.find(), "no subscription on the page");
        return m.group(1);
    }

    private static String landingToken(String page) {
        Matcher m = LANDING.matcher(page);
        assertTrue(m.find(), "no Configure account link");
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> api(String method, String path, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(azure.baseUri() + path + "?api-version="
                        + AzureMarketplaceSimulator.API_VERSION)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> with(Map<String, String> fields, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(name, value);
        return copy;
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static WebRequest get(String path) {
        return new WebRequest("GET", path, Map.of(), Map.of("host", "localhost:8080"), Map.of(), null);
    }

    private static WebRequest request(String method, String path, Map<String, String> extra, String body) {
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("host", "localhost:8080");
        headers.put("content-type", "application/x-www-form-urlencoded");
        return new WebRequest(method, path, Map.of(), headers, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static int count(String haystack, String needle) {
        return haystack.split(Pattern.quote(needle), -1).length - 1;
    }
}
