package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.CountingItemStore;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.ActivationFixture;
import org.mpactivation.application.CapturingMailer;
import org.mpactivation.application.FakeAwsMarketplace;
import org.mpactivation.application.FastPasswordHasher;
import org.mpactivation.application.ForwardingItemStore;
import org.mpactivation.application.MutableClock;
import org.mpactivation.application.SequenceRandomSource;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * The store calls of one whole AWS registration as a browser makes it, request by request through
 * the router: the fulfillment POST, every page GET and every form POST up to the done page. One
 * DynamoDB API call is one read or one write; a batch counts once. The bounds are the exact
 * figures, so that any extra call fails the test (before the batches and the read scope: 29 reads
 * and 25 writes; 22 writes before code checks kept their count, reconciliation enrolment moved to
 * the end of metering and the subscription's workspace link joined the batch). The fulfillment
 * sends the browser straight to the start page (no hop through {@code /activate} and its session
 * read).
 *
 * <p>Why the writes stop at 19 and not lower: each left is a conditional write that a guarantee needs
 * (fulfillment: the subscription and the session, put if absent; send code: the address's send
 * counter and the code; basic information: the code's attempt count and the address's code-check
 * count, both taken before the comparison so parallel guesses cannot compare more than the caps
 * (the allowance counter is created by its first use, a put if absent), then the session's draft;
 * company: the session's draft; activate: the three unique names, the subscription's claim, the
 * cloud account's link (first link wins), the workspace (put if absent: its billing channel), the
 * activation, its audit entry, the metering state (versioned later), the session's completion),
 * plus one batch of facts every attempt writes alike (the two accounts, the account's link to the
 * workspace and the subscription's link to it, stamped with the claim's time). Nothing is written
 * for reconciliation: the daily run enrolls the subscriptions being metered, and a metering that
 * stops enrolls its own. The reads: one per page GET (the session; the done
 * page adds the subscription's list), one per form POST (the session and what the step reads, in
 * one batch), except the fulfillment (the session before the token is resolved, then one batch)
 * and activate (the session, then the subscription and the cloud account's link it names). The done
 * page reads the session with the workspace the registration made: the completed session keeps the
 * workspaces it completed with, so the subscription's links are not listed again.
 */
class RegistrationStoreCallBudgetTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final int MAX_READS = 12;
    private static final int MAX_WRITES = 19;

    private final MutableClock clock = new MutableClock(ActivationFixture.START);
    private final CapturingMailer mailer = new CapturingMailer();
    private final FakeAwsMarketplace marketplace = new FakeAwsMarketplace();
    private final List<String> log = new ArrayList<>();
    private final CountingItemStore store = new CountingItemStore(new Logging(new InMemoryItemStore(clock), log));
    private final Router router = ActivationApplication.builder().store(store)
            .signingKey(new SigningKey("a test signing key of 32 bytes!!".getBytes(StandardCharsets.UTF_8)))
            .clock(clock).mailer(mailer).random(new SequenceRandomSource()).passwords(new FastPasswordHasher())
            .secureCookies(false).awsMarketplace(marketplace, false).build().router();
    private final Map<String, long[]> calls = new LinkedHashMap<>();
    private final StringBuilder trace = new StringBuilder();
    private String cookie;
    private String csrf;

    @Test
    void givenNewBuyer_thenAWholeRegistrationThroughThePagesStaysWithinTwelveReadsAndNineteenWrites() {
        String token = marketplace.issueToken("token-cust-1", "cust-1", "acct-cust-1");
        WebResponse arrived = step("POST fulfillment", () -> router.handle(new WebRequest("POST", "/aws/fulfillment",
                null, Map.of("Content-Type", "application/x-www-form-urlencoded"), null,
                ("x-amzn-marketplace-token=" + token).getBytes(StandardCharsets.UTF_8))));
        assertEquals(303, arrived.status());
        String setCookie = arrived.cookies().get(0);
        cookie = setCookie.substring("activation=".length(), setCookie.indexOf(';'));

        page("GET register", "/activate/register");
        expect(200, step("POST send code", () -> post("/activate/register",
                Map.of("action", "send-code", "email", "ada@example.com"))));
        page("GET register again", "/activate/register");
        expect(303, step("POST basic info", () -> post("/activate/register", Map.of("username", "ada",
                "password", ActivationFixture.PASSWORD, "passwordConfirmation", ActivationFixture.PASSWORD,
                "email", "ada@example.com", "code", mailer.lastCodeTo("ada@example.com")))));
        page("GET company", "/activate/register/company");
        expect(303, step("POST company", () -> post("/activate/register/company", Map.of("companyName", "Example Ltd",
                "contactName", "Ada Lovelace", "country", "GB"))));
        page("GET workspace", "/activate/register/workspace");
        WebResponse activated = step("POST activate", () -> post("/activate/register/workspace",
                Map.of("workspaceName", "Production", "language", "en", "site", "us-oregon")));
        assertEquals("/activate/done", activated.headers().get("Location"), activated.body());
        WebResponse done = step("GET done", () -> get("/activate/done"));
        assertTrue(done.body().contains("Activation succeeded"), done.body());

        long reads = calls.values().stream().mapToLong(c -> c[0]).sum();
        long writes = calls.values().stream().mapToLong(c -> c[1]).sum();
        StringBuilder report = new StringBuilder("store calls of one registration through the pages (reads / writes):");
        calls.forEach((name, c) -> report.append(String.format(Locale.ROOT, "%n  %-20s %2d / %2d", name, c[0], c[1])));
        report.append(String.format(Locale.ROOT, "%n  %-20s %2d / %2d", "total", reads, writes)).append(trace);
        System.out.println(report);
        assertTrue(reads <= MAX_READS, report::toString);
        assertTrue(writes <= MAX_WRITES, report::toString);
    }

    private void page(String name, String path) {
        WebResponse page = step(name, () -> get(path));
        expect(200, page);
        Matcher matcher = CSRF.matcher(page.body());
        assertTrue(matcher.find(), "no form on " + path);
        csrf = matcher.group(1);
    }

    private static void expect(int status, WebResponse response) {
        assertEquals(status, response.status(), response.body());
    }

    private WebResponse step(String name, java.util.function.Supplier<WebResponse> request) {
        store.reset();
        log.clear();
        WebResponse response = request.get();
        calls.put(name, new long[] {store.reads(), store.writes()});
        trace.append(String.format(Locale.ROOT, "%n  -- %s", name));
        log.forEach(line -> trace.append(String.format(Locale.ROOT, "%n       %s", line)));
        return response;
    }

    private WebResponse get(String path) {
        return router.handle(new WebRequest("GET", path, null, null, Map.of("activation", cookie), null));
    }

    private WebResponse post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        String body = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/x-www-form-urlencoded"));
        return router.handle(new WebRequest("POST", path, null, headers, Map.of("activation", cookie),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Names each call it passes on, for the report. */
    private static final class Logging extends ForwardingItemStore {
        private final List<String> log;

        Logging(ItemStore delegate, List<String> log) {
            super(delegate);
            this.log = log;
        }

        @Override
        public Optional<Item> get(ItemKey key) {
            log.add("get     " + key);
            return delegate.get(key);
        }

        @Override
        public Map<ItemKey, Item> getAll(java.util.Collection<ItemKey> keys) {
            log.add("get-all " + keys);
            return delegate.getAll(keys);
        }

        @Override
        public void putAll(java.util.Collection<Item> items) {
            log.add("put-all " + items.stream().map(Item::key).toList());
            delegate.putAll(items);
        }

        @Override
        public Item putIfAbsent(Item item) {
            log.add("put-if-absent " + item.key());
            return delegate.putIfAbsent(item);
        }

        @Override
        public Item replace(Item item) {
            log.add("replace " + item.key());
            return delegate.replace(item);
        }

        @Override
        public void delete(ItemKey key, long expectedVersion) {
            log.add("delete  " + key);
            delegate.delete(key, expectedVersion);
        }

        @Override
        public Page query(String pk, String skPrefix, String cursor, int limit) {
            log.add("query   " + pk + " " + skPrefix);
            return delegate.query(pk, skPrefix, cursor, limit);
        }

        @Override
        public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
            log.add("index   " + indexPk);
            return delegate.queryIndex(indexPk, skFrom, skTo, cursor, limit);
        }
    }
}
