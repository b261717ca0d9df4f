package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.testkit.Browser;

/**
 * The local run's Azure path as a buyer and an operator walk it over HTTP: buy a per-seat plan on the
 * simulated Azure Marketplace, open "Configure account", sign in on the local Entra ID stand-in, register and
 * activate (the code from the outbox), report usage and see it billed after the hour closes, then fire every
 * webhook action from the simulator's page and find the ended subscription and its purchase changes in the
 * operator view.
 */
class LocalServerAzureWalkTest {

    private static final String ADMIN_PASSWORD = "operator-password-1";
    private static final String USAGE_TOKEN = "usage-token-for-the-walk";
    private static final String BUYER_EMAIL = "ada@contoso.example";
    private static final String BUYER_PASSWORD = "analytical engine 1843";
    private static final String WORKSPACE = "Difference";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    private LocalServer server;
    private Browser buyer;
    private Browser operator;

    @BeforeEach
    void start() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATA_DIR", data.toString());
        env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("USAGE_TOKEN", USAGE_TOKEN);
        server = LocalServer.start(LocalConfig.fromEnvironment(env),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        buyer = new Browser(server.baseUrl());
        operator = new Browser(server.baseUrl());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void givenAPerSeatPurchase_whenTheBuyerActivatesAndEveryWebhookFires_thenUsageIsBilledAndTheEndIsRecorded() {
        String subscriptionId = subscribeOnTheSimulator("per-seat", 5);
        String landing = configureAccountLink(subscriptionId);

        signInThroughEntra(landing);
        registerAndActivate();
        assertEquals("Subscribed", simulatorStatus(subscriptionId), "activating tells the marketplace");

        signInAsOperator();
        String operatorPage = operatorSubscriptionPage(subscriptionId);
        Instant hour = postUsageForTheHourInProgress(workspaceIdOn(operatorPage), 1200);
        closeTheHourAndRunAzureMetering();
        assertUsageBilled(subscriptionId, hour, "1200");

        Map<String, String> operations = fireEachWebhook(subscriptionId);
        redeliverTheLatestWebhook();
        assertTheOperatorSeesTheEnd(operatorPage, operations);
    }

    // ---- 1. the marketplace

    /** Buys a plan with the simulator's subscribe form; the new subscription's id. */
    private String subscribeOnTheSimulator(String planId, int seats) {
        HttpResponse<String> offer = buyer.get("/simulator/azure");
        assertEquals(200, offer.statusCode(), offer.body());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("planId", planId);
        form.put("seats", Integer.toString(seats));
        form.put("email", BUYER_EMAIL);
        form.put("name", "Ada Buyer");
        form.put("tenantId", "");
        HttpResponse<String> bought = buyer.submit("/simulator/azure", "/simulator/azure/subscribe", form);
        assertEquals(303, bought.statusCode(), bought.body());
        String location = location(bought);
        String marker = "#subscription-";
        assertTrue(location.startsWith("/simulator/azure?done=subscribed" + marker), location);
        String id = location.substring(location.indexOf(marker) + marker.length());
        String card = subscriptionCard(id);
        assertTrue(card.contains("<code>" + planId + "</code>, " + seats + " seats"), card);
        return id;
    }

    /** The "Configure account" link of the subscription's card: our landing page with its token. */
    private String configureAccountLink(String subscriptionId) {
        String link = unescape(find("<a class=\"button-link\" href=\"([^\"]+)\">Configure account</a>",
                subscriptionCard(subscriptionId)));
        assertTrue(link.startsWith("/azure/landing?token="), link);
        return link;
    }

    // ---- 2. landing and sign-in

    /** Opens the landing link, signs in as the buyer on the Entra stand-in, and comes back signed in. */
    private void signInThroughEntra(String landing) {
        HttpResponse<String> landed = buyer.get(landing);
        assertEquals(303, landed.statusCode(), landed.body());
        assertFalse(landed.headers().allValues("Set-Cookie").isEmpty());
        landed.headers().allValues("Set-Cookie").forEach(cookie -> assertTrue(cookie.endsWith("; Secure"), cookie));
        URI authorize = URI.create(location(landed));
        assertTrue(authorize.getPath().endsWith("/oauth2/v2.0/authorize"), authorize.toString());
        assertNotEquals(server.port(), authorize.getPort(), "the sign-in page is Entra's, not ours");

        URI callback = new EntraSignInPage(authorize).signInAs(BUYER_EMAIL);
        assertEquals(server.baseUrl().resolve("/azure/signin/callback"),
                URI.create(callback.getScheme() + "://" + callback.getRawAuthority() + callback.getRawPath()));

        HttpResponse<String> back = buyer.get(callback.getRawPath() + "?" + callback.getRawQuery());
        assertEquals(303, back.statusCode(), back.body());
        assertEquals("/activate", location(back));
    }

    // ---- 3. registration and activation

    /** Registers a Billing Center account and activates with a new workspace, as the pages ask. */
    private void registerAndActivate() {
        HttpResponse<String> activation = followToPage("/activate");
        assertEquals(200, activation.statusCode(), activation.body());

        HttpResponse<String> sent = buyer.submit("/activate/register", "/activate/register",
                Map.of("action", "send-code", "email", BUYER_EMAIL));
        assertEquals(200, sent.statusCode(), sent.body());
        Map<String, String> basic = new HashMap<>();
        basic.put("action", "next");
        basic.put("username", "ada_buyer");
        basic.put("password", BUYER_PASSWORD);
        basic.put("passwordConfirmation", BUYER_PASSWORD);
        basic.put("email", BUYER_EMAIL);
        basic.put("code", codeFromOutbox(BUYER_EMAIL));
        basic.put("phone", "");
        HttpResponse<String> basicDone = buyer.submit("/activate/register", "/activate/register", basic);
        assertEquals(303, basicDone.statusCode(), basicDone.body());
        assertEquals("/activate/register/company", location(basicDone));

        HttpResponse<String> company = buyer.submit("/activate/register/company", "/activate/register/company",
                Map.of("companyName", "Contoso", "contactName", "Ada Buyer", "country", "Ireland",
                        "address", "1 Example Road"));
        assertEquals(303, company.statusCode(), company.body());
        assertEquals("/activate/register/workspace", location(company));

        HttpResponse<String> workspacePage = buyer.get("/activate/register/workspace");
        assertEquals(200, workspacePage.statusCode(), workspacePage.body());
        assertTrue(workspacePage.body().contains("Billing through a Microsoft account is in US dollars only."),
                workspacePage.body());
        HttpResponse<String> activated = buyer.submit("/activate/register/workspace", "/activate/register/workspace",
                Map.of("workspaceName", WORKSPACE, "language", "en", "site", "us-oregon"));
        assertEquals(303, activated.statusCode(), activated.body());
        assertEquals("/activate/done", location(activated));

        HttpResponse<String> done = buyer.follow();
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("Activation succeeded"), done.body());
        assertTrue(done.body().contains(WORKSPACE), done.body());
    }

    /** GETs the page, following our own redirects, as a browser does. */
    private HttpResponse<String> followToPage(String path) {
        HttpResponse<String> answer = buyer.get(path);
        for (int hops = 0; answer.statusCode() == 303 && hops < 5; hops++) {
            answer = buyer.follow();
        }
        return answer;
    }

    /** The code of the newest e-mail to this address, as the outbox page shows it. */
    private String codeFromOutbox(String email) {
        String outbox = buyer.get("/outbox").body();
        int at = outbox.indexOf("<strong class=\"to\">" + email + "</strong>");
        assertTrue(at >= 0, "no e-mail to " + email + " in the outbox:\n" + outbox);
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(outbox.substring(at));
        assertTrue(code.find(), "no code in the e-mail to " + email);
        return code.group(1);
    }

    // ---- 4. usage and metering

    private void signInAsOperator() {
        HttpResponse<String> signedIn = operator.post("/operator/login", Map.of("password", ADMIN_PASSWORD));
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        assertEquals("/operator", location(signedIn));
    }

    /** The path of the subscription's page, from the operator view's Azure table. */
    private String operatorSubscriptionPage(String subscriptionId) {
        HttpResponse<String> list = operator.get("/operator");
        assertEquals(200, list.statusCode(), list.body());
        String row = find("(<tr class=\"azure-subscription\">(?:(?!</tr>).)*" + Pattern.quote(subscriptionId)
                + "(?:(?!</tr>).)*</tr>)", list.body());
        assertTrue(row.contains("<td class=\"status\">ACTIVE</td>"), row);
        return unescape(find("<a href=\"([^\"]+)\">azure:" + Pattern.quote(subscriptionId) + "</a>", row));
    }

    private String workspaceIdOn(String operatorPage) {
        HttpResponse<String> page = operator.get(operatorPage);
        assertEquals(200, page.statusCode(), page.body());
        return find(Pattern.quote(WORKSPACE) + "<br><span class=\"muted\">([^<]+)</span>", page.body());
    }

    /** Posts usage of the workspace for the hour in progress on the local clock; that hour. */
    private Instant postUsageForTheHourInProgress(String workspaceId, long quantity) {
        Instant hour = localNow().truncatedTo(ChronoUnit.HOURS);
        ObjectNode body = JSON.createObjectNode();
        body.putArray("records").addObject().put("recordId", "walk-1").put("workspaceId", workspaceId)
                .put("dimension", "api_calls").put("hour", hour.toString()).put("quantity", quantity);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(server.baseUrl().resolve("/internal/usage"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + USAGE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(1, json(answer.body()).path("accepted").asInt(), answer.body());
        return hour;
    }

    private Instant localNow() {
        HttpResponse<String> clock = operator.get("/operator/clock");
        assertEquals(200, clock.statusCode(), clock.body());
        return Instant.parse(find("<dd id=\"local-now\">([^<]+)</dd>", clock.body()));
    }

    /**
     * Moves the local clock two hours: the hour is metered 15 minutes after its end, which one hour's step
     * passes only when the step starts late enough in the hour.
     */
    private void closeTheHourAndRunAzureMetering() {
        Instant before = localNow();
        for (int step = 0; step < 2; step++) {
            HttpResponse<String> moved = operator.submit("/operator/clock", "/operator/clock", Map.of("step", "hour"));
            assertEquals(303, moved.statusCode(), moved.body());
            assertEquals("/operator/clock?moved=hour", location(moved));
        }
        assertFalse(localNow().isBefore(before.plus(2, ChronoUnit.HOURS)), "the clock moved two hours");

        HttpResponse<String> ran = operator.submit("/operator/jobs", "/operator/jobs/azure-metering", Map.of());
        assertEquals(303, ran.statusCode(), ran.body());
        assertTrue(location(ran).startsWith("/operator/jobs?ran=azure-metering"), location(ran));
        HttpResponse<String> jobs = operator.get("/operator/jobs");
        String card = find("(<section class=\"card job\" id=\"job-azure-metering\".*?</section>)", jobs.body());
        assertFalse(card.contains("The run failed"), card);
        assertTrue(card.contains("<dt>sent</dt><dd>1</dd>"), card);
        assertTrue(card.contains("<dt>failed</dt><dd>0</dd>"), card);
    }

    private void assertUsageBilled(String subscriptionId, Instant hour, String quantity) {
        HttpResponse<String> metering = buyer.get("/simulator/azure/metering");
        assertEquals(200, metering.statusCode(), metering.body());
        List<String> rows = all("(<tr>\\s*<td><code>" + Pattern.quote(subscriptionId) + "</code></td>.*?</tr>)",
                metering.body());
        assertEquals(1, rows.size(), metering.body());
        String row = rows.get(0);
        assertTrue(row.contains("<td><code>per-seat</code></td>"), row);
        assertTrue(row.contains("<td><code>requests</code></td>"), row);
        assertTrue(row.contains("<td>" + hour + "<br>"), "billed for " + hour + ": " + row);
        assertTrue(row.contains("<td class=\"number\">" + quantity + "</td>"), row);
    }

    // ---- 5. the webhooks

    /**
     * Each of the six actions, in an order the statuses allow (seats before the move to the flat-rate plan);
     * each delivery answered 200. The operation id of each action.
     */
    private Map<String, String> fireEachWebhook(String subscriptionId) {
        Map<String, String> operations = new LinkedHashMap<>();
        operations.put("ChangeQuantity", fire(subscriptionId, Map.of("action", "ChangeQuantity", "quantity", "8"),
                "Subscribed"));
        assertTrue(subscriptionCard(subscriptionId).contains("<code>per-seat</code>, 8 seats"));
        operations.put("Suspend", fire(subscriptionId, Map.of("action", "Suspend"), "Suspended"));
        operations.put("Reinstate", fire(subscriptionId, Map.of("action", "Reinstate"), "Subscribed"));
        operations.put("ChangePlan", fire(subscriptionId, Map.of("action", "ChangePlan", "planId", "flat-rate"),
                "Subscribed"));
        assertTrue(subscriptionCard(subscriptionId).contains("<code>flat-rate</code>, flat rate"));
        operations.put("Renew", fire(subscriptionId, Map.of("action", "Renew"), "Subscribed"));
        operations.put("Unsubscribe", fire(subscriptionId, Map.of("action", "Unsubscribe"), "Unsubscribed"));
        assertEquals("Unsubscribed", simulatorStatus(subscriptionId));
        return operations;
    }

    /** Presses one action's button; the operation id of the delivery it posted. */
    private String fire(String subscriptionId, Map<String, String> fields, String statusAfter) {
        HttpResponse<String> fired = buyer.submit("/simulator/azure",
                "/simulator/azure/subscriptions/" + subscriptionId + "/operations", fields);
        assertEquals(303, fired.statusCode(), fields + ": " + fired.body());
        assertEquals("/simulator/azure?done=delivered#deliveries", location(fired));
        String delivery = latestDelivery();
        assertTrue(delivery.contains("<code>" + fields.get("action") + "</code>"), delivery);
        assertAnswered200(delivery);
        assertTrue(delivery.contains("<dt>Operation afterwards</dt><dd>Succeeded</dd>"), delivery);
        assertTrue(delivery.contains("<dt>Subscription afterwards</dt><dd>" + statusAfter + " "), delivery);
        return find("<span class=\"muted\">operation ([0-9a-f-]+)</span>", delivery);
    }

    private void redeliverTheLatestWebhook() {
        String number = find("id=\"delivery-(\\d+)\"", latestDelivery());
        HttpResponse<String> again = buyer.submit("/simulator/azure",
                "/simulator/azure/deliveries/" + number + "/again", Map.of());
        assertEquals(303, again.statusCode(), again.body());
        String repeat = latestDelivery();
        assertTrue(repeat.contains("<dt>Repeats</dt><dd>delivery #" + number + "</dd>"), repeat);
        assertAnswered200(repeat);
    }

    private static void assertAnswered200(String delivery) {
        assertTrue(delivery.startsWith("<article class=\"card delivery ok\""), delivery);
        assertTrue(delivery.contains("<dt>Our answer</dt><dd><strong class=\"result-ok\">200</strong>"), delivery);
    }

    /**
     * The subscription's page: ended, each status change once (the redelivery changed nothing) and the
     * purchase's changes, each with the operation that caused it.
     */
    private void assertTheOperatorSeesTheEnd(String operatorPage, Map<String, String> operations) {
        HttpResponse<String> page = operator.get(operatorPage);
        assertEquals(200, page.statusCode(), page.body());
        String fields = find("(<dl class=\"fields\" id=\"fields\">.*?</dl>)", page.body());
        assertTrue(fields.contains("<dt>Status</dt><dd>UNSUBSCRIBED</dd>"), fields);

        List<String> audit = all("<tr class=\"audit-entry\"><td>[^<]*</td>(.*?)</tr>", page.body());
        assertEquals(List.of(
                "<td>ACTIVE</td><td>SUSPENDED</td><td>webhook:" + operations.get("Suspend") + "</td>",
                "<td>SUSPENDED</td><td>ACTIVE</td><td>webhook:" + operations.get("Reinstate") + "</td>",
                "<td>ACTIVE</td><td>UNSUBSCRIBED</td><td>webhook:" + operations.get("Unsubscribe") + "</td>"),
                audit.subList(1, audit.size()), audit.toString());

        List<String> changes = all("<tr class=\"purchase-change\"><td>[^<]*</td>(.*?)</tr>", page.body());
        assertTrue(changes.contains("<td>QUANTITY</td><td>5</td><td>8</td><td>webhook:"
                + operations.get("ChangeQuantity") + "</td>"), changes.toString());
        assertTrue(changes.contains("<td>PLAN</td><td>per-seat</td><td>flat-rate</td><td>webhook:"
                + operations.get("ChangePlan") + "</td>"), changes.toString());
        assertTrue(changes.stream().anyMatch(c -> c.startsWith("<td>TERM</td>")
                && c.endsWith("<td>webhook:" + operations.get("Renew") + "</td>")), changes.toString());
    }

    // ---- reading the simulator's page

    private String subscriptionCard(String subscriptionId) {
        HttpResponse<String> page = buyer.get("/simulator/azure");
        assertEquals(200, page.statusCode(), page.body());
        return find("(<article class=\"card\" id=\"subscription-" + Pattern.quote(subscriptionId)
                + "\">.*?</article>)", page.body());
    }

    private String simulatorStatus(String subscriptionId) {
        return find("<span class=\"status [a-z]+\">([A-Za-z]+)</span>", subscriptionCard(subscriptionId));
    }

    /** The newest delivery on the page (they are listed newest first). */
    private String latestDelivery() {
        HttpResponse<String> page = buyer.get("/simulator/azure");
        assertEquals(200, page.statusCode(), page.body());
        return find("(<article class=\"card delivery [a-z]+\" id=\"delivery-\\d+\">.*?</article>)", page.body());
    }

    // ---- small things

    private static String location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no Location; status " + answer.statusCode() + ": " + answer.body()));
    }

    private static String find(String regex, String html) {
        Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("not on the page: " + regex + "\n" + html);
        }
        return matcher.group(1);
    }

    private static List<String> all(String regex, String html) {
        Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    static String unescape(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&#39;", "'").replace("&#61;", "=").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
