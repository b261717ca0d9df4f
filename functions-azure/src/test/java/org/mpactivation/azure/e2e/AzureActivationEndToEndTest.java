package org.mpactivation.azure.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.azure.signin.BuyerBrowser;
import org.mpactivation.application.AzureReconciliation;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.repository.DriftFindings;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.simulator.azure.AcceptedUsage;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.testkit.Browser;
import org.mpactivation.testkit.DynaliteExtension;
import org.mpactivation.testkit.DynamoDbEndpoint;

/**
 * A buyer's whole Azure path through the Azure function classes, on dynalite, the Azure Marketplace
 * simulator over HTTP and the Entra stand-in: the landing page with the portal's token, the sign-in with
 * Entra ID, registration, activation (Azure's activate called once, with the plan and seats bought), the
 * six webhook operations each delivered twice, metering of the bound workspace, and the daily
 * reconciliation repairing what a missed webhook left wrong.
 */
@ExtendWith(DynaliteExtension.class)
class AzureActivationEndToEndTest {

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
    void givenBuyerFromThePortal_whenTheySignInAndRegister_thenAzureIsActivatedOnceWithTheirPlanAndSeats() {
        Purchase purchase = world.buy("team", 5);
        Browser browser = world.browser();

        landAndSignIn(browser, purchase);
        HttpResponse<String> done = register(browser, "ada", "ada@contoso.example", "Contoso production");

        assertEquals(200, done.statusCode(), done.body());
        assertEquals(1, world.azure.callCount(AzureApi.ACTIVATE), "activate is called once");
        assertEquals("Subscribed", world.azure.subscription(purchase.subscriptionId()).status().toString());
        assertEquals("team", world.azure.subscription(purchase.subscriptionId()).planId());
        MarketplaceSubscription stored = world.stored(purchase.subscriptionId());
        assertEquals(SubscriptionStatus.ACTIVE, stored.status());
        assertEquals(5, stored.azure().quantity());
        assertEquals("Subscribed", stored.azure().saasStatus());
        assertNotNull(stored.azure().termEnd(), "the term that starts with the activation is kept");
        assertNotNull(stored.buyer(), "the signed-in buyer is kept with the subscription");
        assertEquals(world.buyer.objectId(), stored.buyer().objectId());
        assertEquals(AzureWorld.BUYER_TENANT, stored.buyer().tenantId());

        HttpResponse<String> again = browser.get("/activate/done");
        assertEquals(200, again.statusCode());
        assertEquals(1, world.azure.callCount(AzureApi.ACTIVATE), "reloading the success page activates nothing");
    }

    @Test
    void givenActivated_whenTheLandingPageIsOpenedAgain_thenTheBuyerResumesAndAnotherBrowserIsToldItIsActivated() {
        Purchase purchase = world.buy("team", 5);
        Browser browser = world.browser();
        landAndSignIn(browser, purchase);
        register(browser, "grace", "grace@contoso.example", "Contoso secret");

        // the landing page is a GET, so the buyer's own browser brings its cookie: the success page again
        HttpResponse<String> own = browser.get(landingPath(purchase));
        assertEquals(303, own.statusCode(), own.body());
        assertEquals("/activate", own.headers().firstValue("Location").orElseThrow());
        assertEquals(303, browser.follow().statusCode());
        assertTrue(browser.follow().body().contains("Activation succeeded"));

        Browser other = world.browser();
        HttpResponse<String> elsewhere = other.get(landingPath(purchase));
        assertEquals(303, elsewhere.statusCode(), elsewhere.body());
        HttpResponse<String> page = other.follow();
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("already activated"), page.body());
        assertTrue(page.body().contains("Log in to Overseas Region 1 (Oregon)"), page.body());
        assertFalse(page.body().contains("Contoso secret"), page.body());
        assertFalse(page.body().contains("grace"), page.body());
        assertEquals(1, world.azure.callCount(AzureApi.ACTIVATE), "activate is called once");
    }

    @Test
    void givenBusyMarketplaceAtTheLanding_thenThePageSaysToReloadItAndTheReloadStartsTheActivation() {
        Purchase purchase = world.buy("basic", null);
        Browser browser = world.browser();
        world.azure.faults().failNext(AzureApi.RESOLVE, 10);

        HttpResponse<String> busy = browser.get(landingPath(purchase));

        assertEquals(503, busy.statusCode(), busy.body());
        assertTrue(busy.body().contains("reload this page"), busy.body());
        assertFalse(busy.body().contains("href=\"/activate\""), "no session yet: the pages would answer 401");
        world.azure.faults().clear();
        HttpResponse<String> reloaded = browser.get(landingPath(purchase));
        assertEquals(303, reloaded.statusCode(), reloaded.body());
        assertTrue(reloaded.headers().firstValue("Location").orElseThrow()
                .startsWith(world.entra.endpoint().toString()));
    }

    @Test
    void givenExpiredLandingToken_thenTheBuyerIsToldToReopenItFromTheAzurePortal() {
        Purchase purchase = world.buy("basic", null);
        world.clock.advance(Duration.ofHours(25));

        HttpResponse<String> answer = world.browser().get(landingPath(purchase));

        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("Azure portal"), answer.body());
        assertEquals(0, world.azure.callCount(AzureApi.ACTIVATE));
    }

    @Test
    void givenBuyerWhoDidNotSignIn_thenThePagesSendThemToSignIn() {
        Purchase purchase = world.buy("basic", null);
        Browser browser = world.browser();
        HttpResponse<String> landed = browser.get(landingPath(purchase));
        assertEquals(303, landed.statusCode());

        HttpResponse<String> pages = browser.get("/activate/start");

        assertEquals(303, pages.statusCode());
        assertEquals("/azure/signin", pages.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> signIn = browser.follow();
        assertEquals(303, signIn.statusCode());
        assertTrue(signIn.headers().firstValue("Location").orElseThrow().startsWith(world.entra.endpoint().toString()));
    }

    @Test
    void givenActivatedSubscription_whenEachOperationIsDeliveredTwice_thenEachAppliesOnce() {
        Purchase purchase = world.buy("team", 5);
        Browser browser = world.browser();
        landAndSignIn(browser, purchase);
        register(browser, "ada", "ada@contoso.example", "Contoso production");
        String id = purchase.subscriptionId();

        assertOperation(world.azure.suspend(id), SubscriptionStatus.SUSPENDED);
        assertOperation(world.azure.reinstate(id), SubscriptionStatus.ACTIVE);
        assertOperation(world.azure.changePlan(id, "team-plus"), SubscriptionStatus.ACTIVE);
        assertEquals("team-plus", world.stored(id).azure().planId());
        assertOperation(world.azure.changeQuantity(id, 8), SubscriptionStatus.ACTIVE);
        assertEquals(8, world.stored(id).azure().quantity());
        Instant termEnd = world.stored(id).azure().termEnd();
        assertOperation(world.azure.renew(id), SubscriptionStatus.ACTIVE);
        assertTrue(world.stored(id).azure().termEnd().isAfter(termEnd), "the new term is stored");
        assertOperation(world.azure.unsubscribe(id), SubscriptionStatus.UNSUBSCRIBED);

        List<AuditTrail.PurchaseChange> changes = world.audit.purchaseChanges(SubscriptionId.azure(id));
        assertEquals(1, changes.stream().filter(c -> c.kind().equals("PLAN")).count(), changes.toString());
        assertEquals(1, changes.stream().filter(c -> c.kind().equals("QUANTITY")).count(), changes.toString());
    }

    @Test
    void givenBoundWorkspace_whenItsHourCloses_thenTheUsageIsAcceptedByAzureOnThePlan() {
        Purchase purchase = world.buy("basic", null);
        Browser browser = world.browser();
        landAndSignIn(browser, purchase);
        register(browser, "ada", "ada@contoso.example", "Contoso production");
        Workspace workspace = boundWorkspace(purchase.subscriptionId());
        Instant hour = world.clock.instant().truncatedTo(ChronoUnit.HOURS);
        new UsageRepository(world.store).putIfAbsent(new UsageRecord("r-1", workspace.id(), "api_calls", hour, 1200));

        world.clock.advance(Duration.ofHours(1));
        world.graph.meteringRun(Duration.ofMinutes(5));

        List<AcceptedUsage> accepted = world.azure.acceptedUsage(purchase.subscriptionId());
        assertEquals(1, accepted.size(), accepted.toString());
        assertEquals("basic", accepted.get(0).planId());
        assertEquals("requests", accepted.get(0).dimension());
        assertEquals(0, accepted.get(0).quantity().compareTo(java.math.BigDecimal.valueOf(1200)));
        world.graph.meteringRun(Duration.ofMinutes(5));
        assertEquals(1, world.azure.acceptedUsage(purchase.subscriptionId()).size(), "an hour is billed once");
    }

    @Test
    void givenWorkspaceBilledThroughAws_whenTheAzureBuyerBindsIt_thenRefusedWithTheCloudNamedAndNothingChanged() {
        Purchase first = world.buy("basic", null);
        Browser browser = world.browser();
        landAndSignIn(browser, first);
        register(browser, "ada", "ada@contoso.example", "Contoso production");
        String billingAccount = world.stored(first.subscriptionId()).billingAccountId();
        WorkspaceRepository workspaces = new WorkspaceRepository(world.store);
        Instant now = world.clock.instant();
        Workspace onAws = workspaces.createOrGet(new Workspace("ws-aws-1", "Billed on AWS", WorkspaceLanguage.EN,
                "us-oregon", "console-aws", billingAccount, SubscriptionId.aws("prod-1", "cust-1"), now, now, 0));
        workspaces.linkToBillingAccount(billingAccount, onAws.id(), now);
        Purchase second = world.buy("basic", null);
        Browser again = world.browser();
        landAndSignIn(again, second);
        HttpResponse<String> list = again.get("/activate/workspaces");
        assertTrue(list.body().contains("Billed through AWS Marketplace"), list.body());

        HttpResponse<String> refused = again.submit("/activate/workspaces/ws-aws-1/bind",
                "/activate/workspaces/ws-aws-1/bind", Map.of());

        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("billed through AWS Marketplace"), refused.body());
        assertEquals(SubscriptionId.aws("prod-1", "cust-1"), workspaces.find("ws-aws-1").orElseThrow().billingChannel());
        assertTrue(world.subscriptions.workspaceIds(SubscriptionId.azure(second.subscriptionId())).isEmpty());
    }

    @Test
    void givenSuspensionWhoseWebhookWasLost_whenTheDailyReconciliationRuns_thenTheStoreIsRepairedAndTheDriftReported() {
        Purchase purchase = world.buy("team", 5);
        Browser browser = world.browser();
        landAndSignIn(browser, purchase);
        register(browser, "ada", "ada@contoso.example", "Contoso production");
        world.azure.suspend(purchase.subscriptionId()); // the webhook never arrives

        AzureReconciliation.Report report = world.graph.reconciliationRun("daily-1");

        assertEquals(SubscriptionStatus.SUSPENDED, world.stored(purchase.subscriptionId()).status());
        assertEquals(1, report.repaired(), report.toString());
        DriftFindings reports = new DriftFindings(world.store);
        List<Drift> findings = new java.util.ArrayList<>();
        for (int shard = 0; shard < reports.shards(); shard++) {
            findings.addAll(reports.found("daily-1", shard, null, 100).items());
        }
        assertTrue(findings.stream().anyMatch(d -> d.kind() == DriftKind.SUBSCRIPTION_STATUS
                && d.subscriptionId().equals(SubscriptionId.azure(purchase.subscriptionId()))), findings.toString());
        assertEquals(0, world.graph.reconciliationRun("daily-2").repaired(), "a second run finds it repaired");
    }

    // ---- the buyer's steps

    private static String landingPath(Purchase purchase) {
        URI landing = purchase.landingUrl(URI.create("http://127.0.0.1/azure/landing"));
        return landing.getRawPath() + "?" + landing.getRawQuery();
    }

    /** Opens the landing page from the portal, signs in with Entra ID, and arrives on the activation pages. */
    private void landAndSignIn(Browser browser, Purchase purchase) {
        HttpResponse<String> landed = browser.get(landingPath(purchase));
        assertEquals(303, landed.statusCode(), landed.body());
        URI authorize = URI.create(landed.headers().firstValue("Location").orElseThrow());
        assertTrue(authorize.toString().startsWith(world.entra.endpoint().toString()), authorize.toString());
        assertTrue(authorize.getRawQuery().contains("code_challenge_method=S256"));
        Map<String, String> callback = new BuyerBrowser().signIn(authorize, world.buyer.objectId());
        HttpResponse<String> back = browser.get("/azure/signin/callback?code=" + enc(callback.get("code"))
                + "&state=" + enc(callback.get("state")));
        assertEquals(303, back.statusCode(), back.body());
        assertEquals("/activate", back.headers().firstValue("Location").orElseThrow());
    }

    /** Registers a Billing Center account and activates with a new workspace; the success page. */
    private HttpResponse<String> register(Browser browser, String username, String email, String workspaceName) {
        HttpResponse<String> sent = browser.submit("/activate/register", "/activate/register",
                Map.of("action", "send-code", "email", email));
        assertEquals(200, sent.statusCode(), sent.body());
        Map<String, String> basic = new HashMap<>();
        basic.put("action", "next");
        basic.put("username", username);
        basic.put("password", PASSWORD);
        basic.put("passwordConfirmation", PASSWORD);
        basic.put("email", email);
        basic.put("code", world.mailer.lastCodeTo(email));
        basic.put("phone", "");
        HttpResponse<String> basicDone = browser.submit("/activate/register", "/activate/register", basic);
        assertEquals(303, basicDone.statusCode(), basicDone.body());
        HttpResponse<String> company = browser.submit("/activate/register/company", "/activate/register/company",
                Map.of("companyName", "Contoso", "contactName", "Ada Buyer", "country", "Ireland",
                        "address", "1 Example Road"));
        assertEquals(303, company.statusCode(), company.body());
        HttpResponse<String> workspacePage = browser.get("/activate/register/workspace");
        assertTrue(workspacePage.body().contains("US dollars"), "the page says Azure bills in US dollars only");
        HttpResponse<String> activated = browser.submit("/activate/register/workspace", "/activate/register/workspace",
                Map.of("workspaceName", workspaceName, "language", "en", "site", "us-oregon"));
        assertEquals(303, activated.statusCode(), activated.body());
        assertEquals("/activate/done", activated.headers().firstValue("Location").orElseThrow());
        return browser.follow();
    }

    private Workspace boundWorkspace(String saasId) {
        String id = world.subscriptions.workspaceIds(SubscriptionId.azure(saasId)).get(0);
        return new WorkspaceRepository(world.store).find(id).orElseThrow();
    }

    /** Delivers the operation's webhook twice: the first applies it, the second changes nothing. */
    private void assertOperation(MarketplaceOperation operation, SubscriptionStatus expected) {
        String saasId = operation.subscriptionId();
        HttpResponse<String> first = world.deliver(operation.id());
        assertEquals(200, first.statusCode(), operation.action() + ": " + first.body());
        MarketplaceSubscription after = world.stored(saasId);
        assertEquals(expected, after.status(), operation.action().toString());
        long patches = world.azure.callCount(AzureApi.UPDATE_OPERATION);

        HttpResponse<String> redelivered = world.deliver(operation.id());

        assertEquals(200, redelivered.statusCode(), redelivered.body());
        assertEquals(after, world.stored(saasId), operation.action() + " redelivered changes nothing");
        assertEquals(patches, world.azure.callCount(AzureApi.UPDATE_OPERATION), "and answers nothing again");
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
