package org.mpactivation.local.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.local.operator.OperatorPagesTest.ESCAPED_HOSTILE;
import static org.mpactivation.local.operator.OperatorPagesTest.HOSTILE;
import static org.mpactivation.local.operator.OperatorPagesTest.KEY;
import static org.mpactivation.local.operator.OperatorPagesTest.PASSWORD;
import static org.mpactivation.local.operator.OperatorPagesTest.PASSWORD_HASH;
import static org.mpactivation.local.operator.OperatorPagesTest.cookieValue;
import static org.mpactivation.local.operator.OperatorPagesTest.count;
import static org.mpactivation.local.operator.OperatorPagesTest.csrf;
import static org.mpactivation.local.operator.OperatorPagesTest.form;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.AzurePurchases;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.azure.reconciliation.AzureReconciliationAssembly;
import org.mpactivation.domain.BillingAccount;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.domain.CompanyInfo;
import org.mpactivation.domain.ConsoleAccount;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.RegisteredApp;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * The operator pages for an Azure subscription: activated through the simulated marketplace, then
 * changed there without a webhook, and compared by the daily Azure job run from the reconciliation page.
 */
class AzureOperatorPagesTest {

    static final Instant T0 = Instant.parse("2026-03-02T08:20:00Z");
    static final String OFFER = "contoso-saas";

    final MovableClock clock = new MovableClock(T0);
    final EntraSimulator entra = EntraSimulator.builder().clock(clock).start();
    final AzureMarketplaceSimulator azure = AzureMarketplaceSimulator.builder().clock(clock)
            .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
    final ScannableItemStore store = new ScannableItemStore(new InMemoryItemStore(clock));
    final Map<String, Supplier<Map<String, Integer>>> jobs = new LinkedHashMap<>();
    HttpAzureFulfillment client;
    SubscriptionId id;
    Router router;

    @BeforeEach
    void setUp() {
        String clientId = UUID.randomUUID().toString();
        String secret = "secret-" + UUID.randomUUID();
        entra.registerApp(new RegisteredApp(clientId, secret, List.of()));
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(AzurePlan.perSeat("team", "requests"))));
        client = new HttpAzureFulfillment(azure.baseUri(), EntraClientCredentials.forTenant(entra.endpoint(),
                UUID.randomUUID().toString(), clientId, secret, clock),
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5)), new NoPause());
        jobs.put(OperatorPages.AZURE_RECONCILIATION_JOB, () -> AzureReconciliationAssembly
                .reconciliation(store, client, clock).run("daily-" + clock.instant().toEpochMilli()).counts());
        seed();
        router = new OperatorPages(new SnapshotStoreBrowser(store::scan, clock), store, PASSWORD, KEY,
                new PageRenderer(), clock, jobs).mount(new Router((status, key) -> WebResponse.html(status, key)));
    }

    @AfterEach
    void stop() {
        azure.close();
        entra.close();
    }

    /** Bought with 5 seats, stored by the landing page, signed in, activated, bound and metered for an hour. */
    void seed() {
        SubscriptionRepository subscriptions = new SubscriptionRepository(store);
        AccountRepository accounts = new AccountRepository(store);
        WorkspaceRepository workspaces = new WorkspaceRepository(store);
        String saasId = azure.subscribe(OFFER, "team", 5, Identity.withEmail("buyer@contoso.example"))
                .subscriptionId();
        client.activate(saasId, "team", 5);
        SaasSubscription current = client.subscription(saasId);
        Instant now = clock.instant();
        MarketplaceSubscription stored = subscriptions.createOrGet(
                MarketplaceSubscription.newAzure(saasId, AzurePurchases.of(current), now));
        id = stored.id();
        accounts.createConsoleAccount(new ConsoleAccount("console-1", "ada", "ada@example.com", PASSWORD_HASH, null,
                now));
        accounts.createBillingAccount(new BillingAccount("billing-1", "ada-billing", "billing@example.com",
                new CompanyInfo("Example Ltd", "Ada Lovelace", "GB", null), "console-1", now));
        workspaces.createOrGet(new Workspace("ws-1", HOSTILE, WorkspaceLanguage.EN, "us-oregon", "console-1",
                "billing-1", null, now, null, 0));
        workspaces.save(workspaces.find("ws-1").orElseThrow().boundTo(id, now));
        subscriptions.linkWorkspace(id, "ws-1", now);
        MarketplaceSubscription active = subscriptions.save(AzurePurchases.follow(stored, current, "landing", now)
                .withBuyer(new BuyerIdentity("https://login.microsoftonline.com/t-1/v2.0", "t-1", "o-1",
                        "buyer@contoso.example", HOSTILE, now))
                .withBillingAccount("billing-1", now).activated("session:s-1", now));
        new AuditTrail(store).recordChangeOf(active);
        Instant hour = Instant.parse("2026-03-02T08:00:00Z");
        MeteringStates meters = new MeteringStates(store);
        meters.start(id, hour, hour.plus(Duration.ofMinutes(75)));
        MeteringLedger ledger = new MeteringLedger(store);
        LedgerEntry sent = ledger.createOrGet(new LedgerEntry(id, hour, "requests", 40, LedgerEntry.State.PENDING,
                null, 0));
        ledger.save(sent.settle(LedgerEntry.State.SENT, "Accepted"));
        meters.save(meters.find(id).orElseThrow().settledThrough(hour, hour.plus(Duration.ofMinutes(135))));
    }

    @Test
    void givenAzureSubscription_thenTheListShowsWhatWasSoldBesideOurStatus() {
        String body = get("/operator", login()).body();

        assertEquals(1, count(body, "<tr class=\"azure-subscription\">"), body);
        assertTrue(body.contains("<a href=\"" + detailPath() + "\">" + id.asText() + "</a>"), body);
        assertTrue(body.contains("<td>" + OFFER + "</td>\n<td>team</td>\n<td class=\"num\">5</td>\n<td>Subscribed</td>\n"
                + "<td class=\"status\">ACTIVE</td>"), body);
        assertTrue(body.contains("<td>2026-04-01 00:00:00Z</td>\n<td>no</td>"), "term end, not ending soon: " + body);
        assertTrue(body.contains(ESCAPED_HOSTILE + " &lt;buyer@contoso.example&gt;"), "the signed-in buyer");
        assertTrue(body.contains("<td>ada-billing</td>"), body);
        assertTrue(body.contains("<li>" + ESCAPED_HOSTILE + "</li>"), "the bound workspace");
        assertTrue(body.contains("<td>2026-03-02 08:00:00Z</td><td>2026-03-02 10:15:00Z</td><td>metering</td>"), body);
        assertFalse(body.contains("<script"), "no markup from data");
        assertFalse(body.contains("No subscriptions yet."));
    }

    @Test
    void givenSeatsChangedWithoutWebhook_thenTheJobRunFromTheReconciliationPageShowsTheDriftAndTheRepair() {
        azure.settleOperation(azure.changeQuantity(id.value(), 8).id(), true);
        clock.advance(Duration.ofDays(1));
        String session = login();
        WebResponse page = get("/operator/reconciliation", session);
        assertTrue(page.body().contains("No comparison of Azure subscriptions has run yet."), page.body());
        assertTrue(page.body().contains("action=\"/operator/jobs/azure-reconciliation\""), page.body());

        WebResponse ran = post("/operator/jobs/azure-reconciliation", session,
                form("_csrf", csrf(page), "back", "reconciliation"));

        assertEquals("/operator/reconciliation?ran=azure-reconciliation", ran.headers().get("Location"));
        String body = get("/operator/reconciliation?ran=azure-reconciliation", session).body();
        assertTrue(body.contains("The azure-reconciliation ran."), body);
        assertTrue(body.contains("No reconciliation has run yet."), "the metering reconciliation's run is apart");
        assertEquals(1, count(body, "<tr class=\"drift subscription-drift\">"), body);
        assertTrue(body.contains("<td class=\"status\">SUBSCRIPTION_QUANTITY</td><td class=\"num\">5</td>\n"
                + "<td class=\"num\">8</td>"), body);
        assertTrue(body.contains("<dt>Drift found</dt><dd>1</dd>"), body);

        String detail = get(detailPath(), session).body();
        assertTrue(detail.contains("<dt>Seats</dt><dd>8</dd>"), detail);
        assertEquals(1, count(detail, "<tr class=\"purchase-change\">"), detail);
        assertTrue(detail.contains("<td>QUANTITY</td><td>5</td><td>8</td><td>reconciliation:daily-"), detail);
        assertTrue(detail.contains("<dt>Signed-in buyer</dt><dd>" + ESCAPED_HOSTILE + " &lt;buyer@contoso.example&gt;"),
                detail);
        assertTrue(detail.contains("<dt>Buyer's directory and object id</dt><dd>t-1/o-1</dd>"), detail);
        assertTrue(detail.contains("<td>2026-03-02 08:00:00Z</td><td>requests</td><td class=\"num\">40</td>"
                + "<td>SENT</td><td>Accepted</td>"), "the ledger per hour: " + detail);
        assertFalse(detail.contains("<h2 id=\"entitlements\">"), "Azure sells plans, not entitlements");
        assertFalse(detail.contains("<script"));
    }

    @Test
    void givenAutoRenewOffAndTermEndingInThreeDays_thenTheListSaysItEndsSoon() {
        azure.autoRenew(id.value(), false);
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-03-29T00:00:00Z")));
        String session = login();
        post("/operator/jobs/azure-reconciliation", session, form("_csrf", csrf(get("/operator/jobs", session))));

        String body = get("/operator", session).body();

        assertTrue(body.contains("<td>2026-04-01 00:00:00Z</td>\n<td>yes: ends 2026-04-01 00:00:00Z</td>"), body);
        String detail = get(detailPath(), session).body();
        assertTrue(detail.contains("<td>AUTO_RENEW</td><td>true</td><td>false</td>"), detail);
    }

    @Test
    void theAzurePagesOnlyRead() {
        Set<Item> before = Set.copyOf(store.scan());
        String session = login();
        for (String path : List.of("/operator", detailPath(), "/operator/reconciliation")) {
            assertEquals(200, get(path, session).status(), path);
        }
        assertEquals(before, Set.copyOf(store.scan()));
    }

    // --- requests --------------------------------------------------------------------------------

    String detailPath() {
        return "/operator/subscriptions/" + URLEncoder.encode(id.asText(), StandardCharsets.UTF_8);
    }

    String login() {
        return cookieValue(post("/operator/login", null, form("password", PASSWORD)));
    }

    WebResponse get(String path, String session) {
        return send("GET", path, session, null);
    }

    WebResponse post(String path, String session, String body) {
        return send("POST", path, session, body);
    }

    WebResponse send(String method, String pathAndQuery, String session, String body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        Map<String, String> headers = new HashMap<>();
        headers.put("Host", "127.0.0.1:8080");
        if (body != null) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        Map<String, String> cookies = session == null ? Map.of() : Map.of(OperatorAuth.COOKIE, session);
        return router.handle(new WebRequest(method, path, WebRequest.parseQuery(query), headers, cookies,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Retries without waiting. */
    private static final class NoPause implements Pause {
        private long nanos;

        @Override
        public void sleep(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public long nanoTime() {
            return nanos;
        }
    }
}
