package org.mpactivation.local.operator;

import org.mpactivation.adapter.metrics.InMemoryMetrics;
import org.mpactivation.port.out.Metrics;
import org.mpactivation.domain.Cloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.Reconciliation;
import org.mpactivation.application.SigningKey;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.BillingAccount;
import org.mpactivation.domain.CompanyInfo;
import org.mpactivation.domain.ConsoleAccount;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.DriftFindings;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.ReconciliationSchedules;
import org.mpactivation.repository.StoredMeteringFacts;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

class OperatorPagesTest {

    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    static final String PASSWORD = "operator-password-for-tests";
    static final String HOSTILE = "<script>alert(\"pwned\")</script> & 'Co'";
    static final String ESCAPED_HOSTILE = "&lt;script&gt;alert(\"pwned\")&lt;/script&gt; &amp; 'Co'";
    static final String HOSTILE_USERNAME = "eve\"><img src=x onerror=alert(1)>";
    static final String PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
    static final SigningKey KEY = new SigningKey("an operator test key of 32 bytes".getBytes(StandardCharsets.UTF_8));

    final TestClock clock = new TestClock(T0);
    final ScannableItemStore store = new ScannableItemStore(new InMemoryItemStore(clock));
    final PageRenderer renderer = new PageRenderer();
    final AtomicInteger meteringRuns = new AtomicInteger();
    final Map<String, Supplier<Map<String, Integer>>> jobs = new LinkedHashMap<>();
    /** What the marketplace recorded, for the reconciliation job: set by a test. */
    final List<RecordedUsage> planted = new java.util.ArrayList<>();
    final MarketplaceUsageRecords recorded = (subscription, from, to) -> subscription.id().equals(this.activeId)
            ? planted.stream().filter(r -> !r.hour().isBefore(from) && r.hour().isBefore(to)).toList() : List.of();
    SubscriptionId activeId;
    SubscriptionId pendingId;
    Router router;
    final InMemoryMetrics metrics = new InMemoryMetrics("local");

    @BeforeEach
    void setUp() {
        jobs.put("metering", () -> {
            meteringRuns.incrementAndGet();
            Map<String, Integer> report = new LinkedHashMap<>();
            report.put("subscriptions", 1);
            report.put("recordsSent", 42);
            return report;
        });
        jobs.put("renewal", () -> {
            throw new IllegalStateException("marketplace down");
        });
        jobs.put("reconciliation", () -> {
            Reconciliation.Report report = new Reconciliation(new StoredMeteringFacts(store), recorded,
                    new ReconciliationSchedules(store), new DriftFindings(store), clock, Duration.ofHours(7))
                    .run("run-" + clock.instant());
            return Map.of("drifts", report.drifts());
        });
        seed();
        router = pages(PASSWORD).mount(new Router((status, key) -> WebResponse.html(status, key)));
    }

    OperatorPages pages(String password) {
        return new OperatorPages(new SnapshotStoreBrowser(store::scan, clock), store,
                new OperatorAuth(password, KEY, clock), renderer, clock, jobs, metrics);
    }

    /** One activated subscription (bound, metered, then unsubscribe-pending) and one still pending. */
    void seed() {
        SubscriptionRepository subscriptions = new SubscriptionRepository(store);
        AccountRepository accounts = new AccountRepository(store);
        WorkspaceRepository workspaces = new WorkspaceRepository(store);
        AuditTrail audit = new AuditTrail(store);
        MeteringLedger ledger = new MeteringLedger(store);
        MeteringStates meters = new MeteringStates(store);
        Instant t1 = T0.plusSeconds(600);
        Instant t2 = T0.plus(Duration.ofHours(3));

        AwsCustomer customer = new AwsCustomer("cust-1", "111122223333", "prod-abc", null);
        MarketplaceSubscription created = subscriptions.createOrGet(MarketplaceSubscription.newAws(customer,
                customer.cloudAccount("aws"), null, List.of(new Entitlement("users", "10", null)), T0));
        activeId = created.id();
        accounts.createConsoleAccount(new ConsoleAccount("console-1", "ada", "ada@example.com", PASSWORD_HASH,
                "+44 20 7946 0000", T0));
        accounts.createBillingAccount(new BillingAccount("billing-1", "ada-billing", "billing@example.com",
                new CompanyInfo("Example Ltd", "Ada Lovelace", "GB", "1 Analytical Row"), "console-1", T0));
        accounts.linkCloudAccount(created.cloudAccount(), "billing-1", t1);
        workspaces.createOrGet(new Workspace("ws-1", HOSTILE, WorkspaceLanguage.EN, "us-oregon", "console-1",
                "billing-1", null, T0, null, 0));
        workspaces.linkToBillingAccount("billing-1", "ws-1", T0);
        workspaces.save(workspaces.find("ws-1").orElseThrow().boundTo(activeId, t1));
        subscriptions.linkWorkspace(activeId, "ws-1", t1);
        MarketplaceSubscription active = subscriptions.save(
                created.withBillingAccount("billing-1", t1).activated("session:s-1", t1));
        audit.recordChangeOf(active);

        Instant hour = Instant.parse("2025-03-01T08:00:00Z");
        meters.start(activeId, hour, hour.plus(Duration.ofMinutes(75)));
        LedgerEntry sent = ledger.createOrGet(new LedgerEntry(activeId, hour, "users", 7, LedgerEntry.State.PENDING,
                null, 0));
        ledger.save(sent.settle(LedgerEntry.State.SENT, "Success"));
        ledger.createOrGet(new LedgerEntry(activeId, hour.plus(Duration.ofHours(1)), "storage", 12,
                LedgerEntry.State.PENDING, null, 0));
        meters.save(meters.find(activeId).orElseThrow().settledThrough(hour.plus(Duration.ofHours(1)),
                hour.plus(Duration.ofMinutes(135))));

        MarketplaceSubscription ending = subscriptions.save(active.withMarketplace(
                active.marketplace().after(LifecycleAction.ENDING), "sns:unsubscribe-pending-1", t2));
        audit.recordChangeOf(ending);

        accounts.createConsoleAccount(new ConsoleAccount("console-2", "eve", "eve@example.com", PASSWORD_HASH, null,
                T0.plusSeconds(1)));
        accounts.createBillingAccount(new BillingAccount("billing-2", HOSTILE_USERNAME, "eve@example.com",
                new CompanyInfo("Eve & Co", "Eve", "US", null), "console-2", T0.plusSeconds(1)));

        AwsCustomer later = new AwsCustomer("cust-2", "444455556666", "prod-abc", null);
        pendingId = subscriptions.createOrGet(MarketplaceSubscription.newAws(later, later.cloudAccount("aws"), null,
                List.of(), T0.plus(Duration.ofHours(4)))).id();
    }

    @Test
    void givenCountedActivationsAndLatencies_whenTheOperatorOpensMetrics_thenTheTableShowsEachSeries() {
        metrics.count(Metrics.Names.ACTIVATIONS, Cloud.AWS, "activated");
        metrics.count(Metrics.Names.ACTIVATIONS, Cloud.AWS, "activated");
        metrics.latency("fulfillment", Cloud.AWS, "ok", Duration.ofMillis(30));
        metrics.latency("fulfillment", Cloud.AWS, "ok", Duration.ofMillis(50));
        metrics.count(Metrics.Names.WEBHOOK_OPERATIONS, Cloud.AZURE, "<script>");

        assertEquals(303, get("/operator/metrics", null).status(), "behind the operator sign-in");
        WebResponse page = get("/operator/metrics", login());

        assertEquals(200, page.status());
        String body = page.body();
        assertTrue(body.contains("<td>activations</td><td>aws</td><td>local</td><td>activated</td><td>Count</td>"
                + "<td>2</td><td>2</td>"), body);
        assertTrue(body.contains("<td>fulfillment.latency</td><td>aws</td><td>local</td><td>ok</td>"
                + "<td>Milliseconds</td><td>2</td><td></td><td>40</td><td>50</td>"), body);
        assertTrue(body.contains("&lt;script&gt;") && !body.contains("<td><script>"), "escaped");
        assertTrue(body.contains("href=\"/operator/metrics\" aria-current=\"page\""), body);
    }

    // --- requests --------------------------------------------------------------------------------

    WebResponse get(String path, String session) {
        return send("GET", path, session, null, Map.of());
    }

    WebResponse post(String path, String session, String body) {
        return send("POST", path, session, body, Map.of());
    }

    WebResponse send(String method, String pathAndQuery, String session, String body, Map<String, String> extra) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("Host", "127.0.0.1:8080");
        if (body != null) {
            headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
        }
        Map<String, String> cookies = session == null ? Map.of() : Map.of(OperatorAuth.COOKIE, session);
        return router.handle(new WebRequest(method, path, WebRequest.parseQuery(query), headers, cookies,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    String login() {
        WebResponse response = post("/operator/login", null, form("password", PASSWORD));
        assertEquals(303, response.status());
        assertEquals("/operator", response.headers().get("Location"));
        return cookieValue(response);
    }

    static String cookieValue(WebResponse response) {
        assertEquals(1, response.cookies().size(), response.cookies().toString());
        String setCookie = response.cookies().get(0);
        assertTrue(setCookie.startsWith(OperatorAuth.COOKIE + "="), setCookie);
        return setCookie.substring(OperatorAuth.COOKIE.length() + 1, setCookie.indexOf(';'));
    }

    static String csrf(WebResponse page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), "no CSRF token on the page");
        return m.group(1);
    }

    static String detailPath(SubscriptionId id) {
        return "/operator/subscriptions/" + URLEncoder.encode(id.asText(), StandardCharsets.UTF_8);
    }

    static int count(String haystack, String needle) {
        return haystack.split(Pattern.quote(needle), -1).length - 1;
    }

    // --- login -----------------------------------------------------------------------------------

    @Test
    void everyPageRequiresTheOperatorCookie() {
        for (String path : List.of("/operator", "/operator/", "/operator/accounts", "/operator/jobs",
                detailPath(activeId))) {
            WebResponse response = get(path, null);
            assertEquals(303, response.status(), path);
            assertEquals("/operator/login", response.headers().get("Location"), path);
        }
        WebResponse run = post("/operator/jobs/metering", null, form("_csrf", "anything"));
        assertEquals(303, run.status());
        assertEquals("/operator/login", run.headers().get("Location"));
        assertEquals(0, meteringRuns.get());
        assertEquals(200, get("/operator/login", null).status());
    }

    @Test
    void theRightPasswordSetsAStrictHttpOnlyExpiringCookie() {
        WebResponse response = post("/operator/login", null, form("password", PASSWORD));
        assertEquals(303, response.status());
        String setCookie = response.cookies().get(0);
        assertTrue(setCookie.contains("; HttpOnly"), setCookie);
        assertTrue(setCookie.contains("; SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("; Path=/operator"), setCookie);
        assertTrue(setCookie.contains("; Max-Age=28800"), setCookie);
        assertTrue(setCookie.endsWith("; Secure"), setCookie);
        String session = cookieValue(response);

        assertEquals(200, get("/operator", session).status());
        assertEquals(303, get("/operator/login", session).status(), "signed in already: on to the overview");
        clock.advance(Duration.ofHours(8));
        assertEquals(303, get("/operator", session).status(), "expired after 8 hours");
    }

    @Test
    void aWrongPasswordIsA401AndSetsNoCookie() {
        WebResponse response = post("/operator/login", null, form("password", "guess"));
        assertEquals(401, response.status());
        assertTrue(response.cookies().isEmpty());
        assertTrue(response.body().contains("Wrong password."));
        assertEquals(401, post("/operator/login", null, "").status(), "no password at all");
    }

    @Test
    void threeWrongPasswordsFromOneClientMakeThatClientWaitEvenWithTheRightOne() {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, loginFrom("192.0.2.7", "guess-" + i).status());
        }
        WebResponse limited = loginFrom("192.0.2.7", PASSWORD);
        assertEquals(429, limited.status());
        assertTrue(limited.cookies().isEmpty());
        assertEquals("1", limited.headers().get("Retry-After"));
        assertTrue(limited.body().contains("Too many wrong passwords from your address. Wait 1 second"), limited.body());

        assertEquals(303, loginFrom("192.0.2.8", PASSWORD).status(), "another client is never held up");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(303, loginFrom("192.0.2.7", PASSWORD).status(), "after the wait, the right password counts");
    }

    @Test
    void givenABruteForceFromOneClient_thenItIsSlowedBelowTenAttemptsASecondWhileTheOperatorSignsInAtOnce() {
        router = new OperatorPages(new SnapshotStoreBrowser(store::scan, clock), store, PASSWORD, KEY, renderer,
                java.time.Clock.systemUTC(), jobs).mount(new Router((status, key) -> WebResponse.html(status, key)));
        long started = System.nanoTime();
        int checked = 0;
        for (int i = 0; i < 200; i++) {
            WebResponse answer = loginFrom("198.51.100.66", "guess-" + i);
            if (answer.status() == 401) {
                checked++;
            } else {
                assertEquals(429, answer.status());
                assertNotNull(answer.headers().get("Retry-After"));
            }
            if (i == 100) {
                WebResponse operator = loginFrom("192.0.2.1", PASSWORD);
                assertEquals(303, operator.status(), "the operator signs in at once from another address");
            }
        }
        double seconds = Math.max(1.0, (System.nanoTime() - started) / 1e9);
        assertTrue(checked / seconds < 10, checked + " passwords checked in " + seconds + " s");
    }

    WebResponse loginFrom(String client, String password) {
        byte[] body = form("password", password).getBytes(StandardCharsets.UTF_8);
        return router.handle(new WebRequest("POST", "/operator/login", Map.of(),
                Map.of("Host", "127.0.0.1:8080", "Content-Type", "application/x-www-form-urlencoded"), Map.of(), body,
                client));
    }

    @Test
    void forgedTamperedOrOldPasswordCookiesAreRefused() {
        String session = login();
        String[] parts = session.split("\\.");
        long later = Long.parseLong(parts[0]) + 3600;
        for (String forged : List.of("x", "1.2.3", later + "." + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "x." + parts[2], parts[0] + "." + parts[1] + "." + parts[2] + "A")) {
            assertEquals(303, get("/operator", forged).status(), forged);
        }
        router = pages("a new password after a restart").mount(new Router((status, key) -> WebResponse.html(status, key)));
        assertEquals(303, get("/operator", session).status(), "a new admin password ends earlier sessions");
    }

    @Test
    void aLoginPostFromAnotherSiteIsRefused() {
        WebResponse response = send("POST", "/operator/login", null, form("password", PASSWORD),
                Map.of("Origin", "https://evil.example"));
        assertEquals(403, response.status());
        assertTrue(response.cookies().isEmpty());
        assertEquals(415, send("POST", "/operator/login", null, "{\"password\":\"x\"}",
                Map.of("Content-Type", "application/json")).status());
    }

    @Test
    void logoutEndsTheSession() {
        String session = login();
        WebResponse overview = get("/operator", session);
        assertEquals(403, post("/operator/logout", session, form("_csrf", "wrong")).status());
        WebResponse out = post("/operator/logout", session, form("_csrf", csrf(overview)));
        assertEquals(303, out.status());
        assertEquals("/operator/login", out.headers().get("Location"));
        assertTrue(out.cookies().get(0).contains("Max-Age=0"));
        assertEquals(303, get("/operator", session).status(), "a kept copy of the cookie is refused");
    }

    // --- pages -----------------------------------------------------------------------------------

    @Test
    void theListShowsEverySubscriptionNewestFirstWithStatusAccountWorkspacesAndMetering() {
        WebResponse response = get("/operator", login());
        assertEquals(200, response.status());
        assertEquals("text/html; charset=utf-8", response.headers().get("Content-Type"));
        String body = response.body();
        assertTrue(body.contains("aws:prod-abc/cust-1"), body);
        assertTrue(body.contains("href=\"/operator/subscriptions/aws%3Aprod-abc%2Fcust-1\""), body);
        assertTrue(body.contains("UNSUBSCRIBE_PENDING"));
        assertTrue(body.contains("PENDING_ACTIVATION"));
        assertTrue(body.indexOf("aws:prod-abc/cust-2") < body.indexOf("aws:prod-abc/cust-1"), "newest first");
        assertTrue(body.contains("ada-billing"));
        assertTrue(body.contains("aws:111122223333"));
        // every hour before 09:00 is settled: the label says "before", not "through" (which read as a channel
        // or as including 09:00)
        assertTrue(body.contains("Usage settled before"), body);
        assertFalse(body.contains("Metered through"), body);
        assertTrue(body.contains("2025-03-01 09:00:00Z"), "settled before");
        assertTrue(body.contains("2025-03-01 10:15:00Z"), "metering due");
        assertTrue(body.contains("<li>" + ESCAPED_HOSTILE + "</li>"), body);
        assertFalse(body.contains("<script"), "no markup from data");
    }

    @Test
    void theDetailShowsFieldsAccountWorkspacesAuditTrailAndLedger() {
        WebResponse response = get(detailPath(activeId), login());
        assertEquals(200, response.status());
        String body = response.body();
        assertTrue(body.contains("aws:prod-abc/cust-1"));
        assertTrue(body.contains("111122223333"));
        assertTrue(body.contains("users") && body.contains(">10<"), "entitlement");
        assertTrue(body.contains("billing@example.com"));
        assertTrue(body.contains("Example Ltd"));
        assertTrue(body.contains("<td>ada</td>"), "owner console account's username");
        assertTrue(body.contains("us-oregon"));
        assertTrue(body.contains("2025-03-01 08:10:00Z"), "bound at");

        assertEquals(2, count(body, "class=\"audit-entry\""));
        assertTrue(body.contains("<td>PENDING_ACTIVATION</td><td>ACTIVE</td><td>session:s-1</td>"), body);
        assertTrue(body.contains("<td>ACTIVE</td><td>UNSUBSCRIBE_PENDING</td><td>sns:unsubscribe-pending-1</td>"));

        assertEquals(2, count(body, "class=\"ledger-entry\""));
        assertTrue(body.contains("<td>2025-03-01 08:00:00Z</td><td>users</td><td class=\"num\">7</td><td>SENT</td><td>Success</td>"), body);
        assertTrue(body.contains("<td>storage</td><td class=\"num\">12</td><td>PENDING</td>"));

        assertFalse(body.contains(PASSWORD_HASH), "never a password hash");
        assertFalse(body.contains("<script"));
        assertTrue(body.contains("<td>" + ESCAPED_HOSTILE + "<br>"), body);
    }

    @Test
    void anUnknownOrMalformedSubscriptionIdIsA404() {
        String session = login();
        assertEquals(404, get(detailPath(SubscriptionId.aws("prod-abc", "nobody")), session).status());
        assertEquals(404, get("/operator/subscriptions/%zz", session).status());
        assertEquals(404, get("/operator/subscriptions/no-cloud", session).status());
        assertEquals(404, get("/operator/subscriptions/mars%3Ax", session).status());
        assertEquals(200, get(detailPath(pendingId), session).status());
    }

    @Test
    void theAccountsPageShowsBillingAccountsTheirWorkspacesAndConsoleAccounts() {
        WebResponse response = get("/operator/accounts", login());
        assertEquals(200, response.status());
        String body = response.body();
        assertTrue(body.contains("ada-billing"));
        assertTrue(body.contains("ada &lt;ada@example.com&gt;"), "its console account");
        assertTrue(body.contains("aws:111122223333"), "the paying cloud account");
        assertTrue(body.contains("href=\"/operator/subscriptions/aws%3Aprod-abc%2Fcust-1\""));
        assertTrue(body.contains("+44 20 7946 0000"));
        assertTrue(body.contains("<td>" + ESCAPED_HOSTILE + "</td>"), body);
        assertFalse(body.contains("<script"));
        assertTrue(body.contains("aria-label=\"eve&#34;>&lt;img src=x onerror=alert(1)>\""), "in an attribute");
        assertTrue(body.contains("<h3>eve\"&gt;&lt;img src=x onerror=alert(1)&gt;</h3>"), "in text");
        assertFalse(body.contains("<img"));
        assertFalse(body.contains(PASSWORD_HASH));
    }

    @Test
    void thePagesOnlyRead() {
        Set<Item> before = Set.copyOf(store.scan());
        String session = login();
        for (String path : List.of("/operator", detailPath(activeId), detailPath(pendingId), "/operator/accounts",
                "/operator/jobs")) {
            assertEquals(200, get(path, session).status(), path);
        }
        assertEquals(before, Set.copyOf(store.scan()));
    }

    // --- jobs ------------------------------------------------------------------------------------

    @Test
    void runningAJobNeedsTheCsrfTokenOfTheSameSession() {
        String session = login();
        String other = login();
        String otherToken = csrf(get("/operator/jobs", other));
        String token = csrf(get("/operator/jobs", session));

        assertEquals(403, post("/operator/jobs/metering", session, "").status(), "no token");
        assertEquals(403, post("/operator/jobs/metering", session, form("_csrf", "forged")).status());
        assertEquals(403, post("/operator/jobs/metering", session, form("_csrf", otherToken)).status(),
                "another session's token");
        assertEquals(403, send("POST", "/operator/jobs/metering", session, form("_csrf", token),
                Map.of("Origin", "https://evil.example")).status(), "posted from another site");
        assertEquals(0, meteringRuns.get());
        assertEquals(404, post("/operator/jobs/nonsense", session, form("_csrf", token)).status());
        assertEquals(405, get("/operator/jobs/metering", session).status());
    }

    @Test
    void aJobRunsOnDemandAndItsReportIsShown() {
        String session = login();
        WebResponse jobsPage = get("/operator/jobs", session);
        assertTrue(jobsPage.body().contains("Not run since the server started."));
        assertTrue(jobsPage.body().contains("action=\"/operator/jobs/metering\""));
        assertTrue(jobsPage.body().contains("action=\"/operator/jobs/renewal\""));

        WebResponse ran = post("/operator/jobs/metering", session, form("_csrf", csrf(jobsPage)));
        assertEquals(303, ran.status());
        assertEquals("/operator/jobs?ran=metering#job-metering", ran.headers().get("Location"));
        assertEquals(1, meteringRuns.get());

        String body = get("/operator/jobs?ran=metering", session).body();
        assertTrue(body.contains("The metering job ran."), body);
        assertTrue(body.contains("<dt>recordsSent</dt><dd>42</dd>"), body);
        assertTrue(body.contains("<dt>subscriptions</dt><dd>1</dd>"));
        assertTrue(body.contains("Last run: 2025-03-01 08:00:00Z (run by the operator"));
    }

    @Test
    void aFailingJobIsReportedNotThrown() {
        String session = login();
        WebResponse ran = post("/operator/jobs/renewal", session, form("_csrf", csrf(get("/operator/jobs", session))));
        assertEquals(303, ran.status());
        String body = get("/operator/jobs?ran=renewal", session).body();
        assertTrue(body.contains("The renewal job failed."));
        assertTrue(body.contains("The run failed: IllegalStateException"));
        assertFalse(body.contains("marketplace down"), "exception messages stay in the log");
    }

    @Test
    void scheduledRunsThroughTheBoardShowUpToo() {
        OperatorPages pages = pages(PASSWORD);
        router = pages.mount(new Router((status, key) -> WebResponse.html(status, key)));
        pages.jobBoard().run("metering", JobBoard.Trigger.SCHEDULE);
        String body = get("/operator/jobs", login()).body();
        assertTrue(body.contains("(scheduled, took"), body);
    }

    // --- reconciliation --------------------------------------------------------------------------

    @Test
    void givenNoRunYet_thenTheReconciliationPageSaysSoAndOffersToRunIt() {
        assertEquals("/operator/login", get("/operator/reconciliation", null).headers().get("Location"));
        String session = login();
        String body = get("/operator/reconciliation", session).body();
        assertTrue(body.contains("No reconciliation has run yet."), body);
        assertTrue(body.contains("action=\"/operator/jobs/reconciliation\""), body);
        assertTrue(body.contains("<a href=\"/operator/reconciliation\" aria-current=\"page\">Reconciliation</a>"), body);
        assertTrue(get("/operator", session).body().contains("href=\"/operator/reconciliation\""), "in the navigation");
    }

    @Test
    void givenDrift_thenTheButtonRunsTheJobAndThePageListsEachFindingPerSubscriptionAndHour() {
        Instant hour = Instant.parse("2025-03-01T08:00:00Z");
        planted.add(new RecordedUsage("users", hour, 9, "mr-8"));
        planted.add(new RecordedUsage(HOSTILE, hour.plus(Duration.ofHours(2)), 1, "mr-10"));
        clock.advance(Duration.ofDays(1));
        String session = login();
        WebResponse page = get("/operator/reconciliation", session);

        WebResponse ran = post("/operator/jobs/reconciliation", session, form("_csrf", csrf(page), "back",
                "reconciliation"));

        assertEquals(303, ran.status());
        assertEquals("/operator/reconciliation?ran=reconciliation", ran.headers().get("Location"));
        String body = get("/operator/reconciliation?ran=reconciliation", session).body();
        assertTrue(body.contains("The reconciliation ran."), body);
        assertTrue(body.contains("<dt>Drift found</dt><dd>3</dd>"), body);
        assertEquals(3, count(body, "<tr class=\"drift\">"), body);
        assertTrue(body.contains("<td>2025-03-01 08:00:00Z</td>\n<td>users</td><td class=\"status\">DIFFERENT_QUANTITY</td>"
                + "<td class=\"num\">7</td>\n<td class=\"num\">9</td>"), body);
        assertTrue(body.contains("<td>2025-03-01 09:00:00Z</td>\n<td>storage</td><td class=\"status\">STUCK_PENDING</td>"),
                body);
        assertTrue(body.contains("<td>" + ESCAPED_HOSTILE + "</td><td class=\"status\">NOT_IN_LEDGER</td>"), body);
        assertFalse(body.contains(HOSTILE), "escaped");
        assertTrue(body.contains("<a href=\"" + detailPath(activeId) + "\">" + activeId.asText() + "</a>"), body);
    }

    @Test
    void givenTheReconciliationRunFromTheJobsPage_thenItReturnsThereLikeEveryJob() {
        String session = login();
        WebResponse ran = post("/operator/jobs/reconciliation", session, form("_csrf",
                csrf(get("/operator/jobs", session))));
        assertEquals("/operator/jobs?ran=reconciliation#job-reconciliation", ran.headers().get("Location"));
        assertTrue(get("/operator/reconciliation", session).body().contains("No drift: the ledger and the marketplace agree."));
    }

    @Test
    void theStylesheetIsServedWithoutLogin() {
        WebResponse css = get("/operator/operator.css", null);
        assertEquals(200, css.status());
        assertTrue(css.headers().get("Content-Type").startsWith("text/css"));
        Map<String, String> links = Pattern.compile("href=\"([^\"]+\\.css)\"").matcher(get("/operator/login", null).body())
                .results().collect(Collectors.toMap(r -> r.group(1), r -> r.group(1)));
        assertEquals(Set.of("/operator/operator.css"), links.keySet());
    }
}
