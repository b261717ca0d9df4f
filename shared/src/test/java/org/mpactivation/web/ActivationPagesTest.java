package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.ActivationFixture;
import org.mpactivation.application.CapturingMailer;
import org.mpactivation.application.FakeAwsMarketplace;
import org.mpactivation.application.FastPasswordHasher;
import org.mpactivation.application.MutableClock;
import org.mpactivation.application.SequenceRandomSource;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.port.out.store.StoreUnavailableException;

/** The activation pages through the router, as a browser uses them, on the in-memory store. */
class ActivationPagesTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String INTERNAL_DETAIL = "table activation-prod at 10.0.0.7 said no";

    private final MutableClock clock = new MutableClock(ActivationFixture.START);
    private final CapturingMailer mailer = new CapturingMailer();
    private final FakeAwsMarketplace marketplace = new FakeAwsMarketplace();
    private final FailingStore store = new FailingStore(new InMemoryItemStore(clock));
    private final Router router = ActivationApplication.builder().store(store)
            .signingKey(new SigningKey("a test signing key of 32 bytes!!".getBytes(StandardCharsets.UTF_8)))
            .clock(clock).mailer(mailer).random(new SequenceRandomSource()).passwords(new FastPasswordHasher())
            .secureCookies(false).awsMarketplace(marketplace, false).build().router();

    @Test
    void givenBuyerThroughAllPages_thenActivationSucceeds() {
        Browser browser = arrive("cust-1");

        assertEquals(200, browser.get("/activate/start").status());
        assertEquals(200, browser.post("/activate/register", Map.of("action", "send-code", "email", "ada@example.com"))
                .status());
        WebResponse basic = browser.post("/activate/register", Map.of("username", "ada",
                "password", ActivationFixture.PASSWORD, "passwordConfirmation", ActivationFixture.PASSWORD,
                "email", "ada@example.com", "code", mailer.lastCodeTo("ada@example.com")));
        assertEquals("/activate/register/company", basic.headers().get("Location"));
        browser.csrfFrom("/activate/register/company");
        WebResponse company = browser.post("/activate/register/company", Map.of("companyName", "Example Ltd",
                "contactName", "Ada Lovelace", "country", "GB"));
        assertEquals("/activate/register/workspace", company.headers().get("Location"));
        browser.csrfFrom("/activate/register/workspace");
        WebResponse activated = browser.post("/activate/register/workspace", Map.of("workspaceName", "Production",
                "language", "en", "site", "us-oregon"));
        assertEquals("/activate/done", activated.headers().get("Location"));

        WebResponse done = browser.get("/activate/done");
        assertEquals(200, done.status());
        assertTrue(done.body().contains("Activation succeeded"), done.body());
        assertTrue(done.body().contains("Log in to Overseas Region 1 (Oregon)"), done.body());
    }

    @Test
    void givenCodeSent_thenThePageShowsTheAddressMaskedAndNeverEchoesThePassword() {
        Browser browser = arrive("cust-1");
        browser.csrfFrom("/activate/register");

        WebResponse page = browser.post("/activate/register", Map.of("action", "send-code", "email",
                "ada@example.com", "password", "my-secret-99", "passwordConfirmation", "my-secret-99"));

        assertEquals(200, page.status());
        assertTrue(page.body().contains("a***@example.com"), page.body());
        assertFalse(page.body().contains("my-secret-99"));
    }

    @Test
    void givenWrongCode_thenTheFormIsShownAgainWith422AndTheAttemptsLeft() {
        Browser browser = arrive("cust-1");
        browser.post("/activate/register", Map.of("action", "send-code", "email", "ada@example.com"));
        String wrong = mailer.lastCodeTo("ada@example.com").equals("000000") ? "000001" : "000000";

        WebResponse page = browser.post("/activate/register", Map.of("username", "ada",
                "password", ActivationFixture.PASSWORD, "passwordConfirmation", ActivationFixture.PASSWORD,
                "email", "ada@example.com", "code", wrong));

        assertEquals(422, page.status());
        assertTrue(page.body().contains("value=\"ada\""), "what the buyer entered is kept");
        assertFalse(page.body().contains(ActivationFixture.PASSWORD));
    }

    @Test
    void givenCompanyNameWithATextDirectionOverride_thenThePageSaysWhyInEitherLanguageAndKeepsTheOtherFields() {
        Browser browser = arrive("cust-1");
        browser.post("/activate/register", Map.of("action", "send-code", "email", "ada@example.com"));
        browser.post("/activate/register", Map.of("username", "ada", "password", ActivationFixture.PASSWORD,
                "passwordConfirmation", ActivationFixture.PASSWORD, "email", "ada@example.com",
                "code", mailer.lastCodeTo("ada@example.com")));
        browser.csrfFrom("/activate/register/company");
        Map<String, String> company = Map.of("companyName", "Acme \u202Eexe.txt", "contactName", "Ada Lovelace",
                "country", "GB");

        WebResponse english = browser.post("/activate/register/company", company);
        Map<String, String> chinese = new LinkedHashMap<>(company);
        chinese.put("_csrf", browser.csrf);
        WebResponse inChinese = browser.postRaw("/activate/register/company", form(chinese),
                Map.of("Accept-Language", "zh-CN"));

        assertEquals(422, english.status());
        assertTrue(english.body().contains("The name contains characters that are not allowed (control or "
                + "text-direction characters)."), english.body());
        assertTrue(english.body().contains("value=\"Ada Lovelace\""), "what the buyer typed is kept");
        assertEquals(422, inChinese.status());
        assertTrue(inChinese.body().contains("名称包含不允许的字符"), inChinese.body());
        assertEquals("/activate/register/company", browser.get("/activate").headers().get("Location"),
                "the company step is still to do");
    }

    @Test
    void givenNoSessionCookie_thenThePagesAnswer401() {
        WebResponse response = router.handle(new WebRequest("GET", "/activate/register", null, null, null, null));

        assertEquals(401, response.status());
        RouterTest.assertSecurityHeaders(response);
    }

    @Test
    void givenForgedSessionCookie_then401() {
        Browser browser = arrive("cust-1");
        String cookie = browser.cookie;
        browser.cookie = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("AA") ? "BB" : "AA");

        assertEquals(401, browser.get("/activate/register").status());
    }

    @Test
    void givenPostWithoutOrWithAWrongCsrfToken_then403AndNothingHappens() {
        Browser browser = arrive("cust-1");
        Map<String, String> sendCode = Map.of("action", "send-code", "email", "ada@example.com");

        assertEquals(403, browser.postRaw("/activate/register", form(sendCode), Map.of()).status());
        Map<String, String> forged = new HashMap<>(sendCode);
        forged.put("_csrf", "forged");
        assertEquals(403, browser.postRaw("/activate/register", form(forged), Map.of()).status());
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void givenCsrfTokenOfAnotherSession_then403() {
        Browser mine = arrive("cust-1");
        Browser theirs = arrive("cust-2");
        mine.csrf = theirs.csrfFrom("/activate/register");

        assertEquals(403, mine.post("/activate/register", Map.of("action", "send-code", "email", "a@example.com"))
                .status());
    }

    @Test
    void givenPostFromAnotherOrigin_then403() {
        Browser browser = arrive("cust-1");
        Map<String, String> fields = new HashMap<>(Map.of("action", "send-code", "email", "ada@example.com"));
        fields.put("_csrf", browser.csrfFrom("/activate/register"));

        WebResponse response = browser.postRaw("/activate/register", form(fields),
                Map.of("Origin", "https://evil.example", "Host", "activate.example.com"));

        assertEquals(403, response.status());
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void givenMalformedOriginHeader_then403Not500() {
        Browser browser = arrive("cust-1");
        Map<String, String> fields = new HashMap<>(Map.of("action", "send-code", "email", "ada@example.com"));
        fields.put("_csrf", browser.csrfFrom("/activate/register"));

        WebResponse response = browser.postRaw("/activate/register", form(fields),
                Map.of("Origin", "https://exa mple.com/%%", "Host", "activate.example.com"));

        assertEquals(403, response.status());
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void givenWrongMediaType_then415() {
        Browser browser = arrive("cust-1");

        WebResponse response = browser.postRaw("/activate/register", "{\"email\":\"a@example.com\"}",
                Map.of("Content-Type", "application/json"));

        assertEquals(415, response.status());
    }

    @Test
    void givenMalformedOrOversizedBodies_thenClear4xx() {
        Browser browser = arrive("cust-1");
        String csrf = "_csrf=" + browser.csrfFrom("/activate/register");

        assertEquals(400, browser.postRaw("/activate/register", csrf + "&email=%zz", Map.of()).status());
        assertEquals(400, browser.postRaw("/activate/register", csrf + "&x=1".repeat(100), Map.of()).status());
        assertEquals(413, browser.postRaw("/activate/register", csrf + "&pad=" + "x".repeat(64 * 1024), Map.of())
                .status());
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void givenInvalidOrMissingMarketplaceToken_then400() {
        marketplace.issueToken("known", "cust-1", "111122223333");

        assertEquals(400, router.handle(formPost("/aws/fulfillment", "x-amzn-marketplace-token=forged", null)).status());
        assertEquals(400, router.handle(formPost("/aws/fulfillment", "", null)).status());
        assertEquals(400, router.handle(formPost("/aws/fulfillment", "x-amzn-marketplace-token=bad%00token", null))
                .status());
    }

    @Test
    void givenUnexpectedStoreFailure_thenA500PageWithoutTheExceptionText() {
        Browser browser = arrive("cust-1");
        store.failure = new IllegalStateException(INTERNAL_DETAIL);

        WebResponse response = browser.get("/activate/register");

        assertEquals(500, response.status());
        assertFalse(response.body().contains("10.0.0.7"), response.body());
        assertFalse(response.body().contains("IllegalStateException"), response.body());
        RouterTest.assertSecurityHeaders(response);
    }

    @Test
    void givenStoreUnavailable_then503WithRetryAfterAndNoExceptionText() {
        Browser browser = arrive("cust-1");
        browser.csrfFrom("/activate/register");
        store.failure = new StoreUnavailableException(INTERNAL_DETAIL, null);

        WebResponse page = browser.get("/activate/register");
        WebResponse post = browser.post("/activate/register", Map.of("action", "send-code", "email", "a@example.com"));

        for (WebResponse response : List.of(page, post)) {
            assertEquals(503, response.status());
            assertEquals("5", response.headers().get("Retry-After"));
            assertFalse(response.body().contains("10.0.0.7"), response.body());
        }
    }

    @Test
    void givenStoreUnavailableAtArrival_then503WithRetryAfter() {
        String token = marketplace.issueToken("token-1", "cust-1", "111122223333");
        store.failure = new StoreUnavailableException(INTERNAL_DETAIL, null);

        WebResponse response = router.handle(formPost("/aws/fulfillment", "x-amzn-marketplace-token=" + token, null));

        assertEquals(503, response.status());
        assertEquals("5", response.headers().get("Retry-After"));
        assertFalse(response.body().contains("10.0.0.7"), response.body());
    }

    private Browser arrive(String customer) {
        String token = marketplace.issueToken("token-" + customer, customer, "acct-" + customer);
        WebResponse landing = router.handle(formPost("/aws/fulfillment",
                "x-amzn-marketplace-token=" + token, null));
        assertEquals(303, landing.status());
        assertEquals("/activate/start", landing.headers().get("Location"), "a new buyer goes straight to the start");
        String setCookie = landing.cookies().get(0);
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        Browser browser = new Browser(setCookie.substring("activation=".length(), setCookie.indexOf(';')));
        browser.csrfFrom("/activate/register");
        return browser;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static WebRequest formPost(String path, String body, Map<String, String> cookies) {
        return new WebRequest("POST", path, null, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                cookies, body.getBytes(StandardCharsets.UTF_8));
    }

    /** One browser: its session cookie and the CSRF token of the last form it loaded. */
    private final class Browser {
        String cookie;
        String csrf;

        Browser(String cookie) {
            this.cookie = cookie;
        }

        WebResponse get(String path) {
            return router.handle(new WebRequest("GET", path, null, null, Map.of("activation", cookie), null));
        }

        String csrfFrom(String path) {
            WebResponse page = get(path);
            Matcher matcher = CSRF.matcher(page.body());
            assertTrue(matcher.find(), "no form on " + path + ": " + page.status());
            csrf = matcher.group(1);
            return csrf;
        }

        WebResponse post(String path, Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("_csrf", csrf);
            return postRaw(path, form(all), Map.of());
        }

        WebResponse postRaw(String path, String body, Map<String, String> extraHeaders) {
            Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/x-www-form-urlencoded"));
            headers.putAll(extraHeaders);
            return router.handle(new WebRequest("POST", path, null, headers, Map.of("activation", cookie),
                    body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The in-memory store, until a test makes every call fail. */
    private static final class FailingStore implements ItemStore {
        private final ItemStore delegate;
        volatile RuntimeException failure;

        FailingStore(ItemStore delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public Optional<Item> get(ItemKey key) {
            check();
            return delegate.get(key);
        }

        @Override
        public Map<ItemKey, Item> getAll(java.util.Collection<ItemKey> keys) {
            check();
            return delegate.getAll(keys);
        }

        @Override
        public void putAll(java.util.Collection<Item> items) {
            check();
            delegate.putAll(items);
        }

        @Override
        public Item putIfAbsent(Item item) {
            check();
            return delegate.putIfAbsent(item);
        }

        @Override
        public Item replace(Item item) {
            check();
            return delegate.replace(item);
        }

        @Override
        public void delete(ItemKey key, long expectedVersion) {
            check();
            delegate.delete(key, expectedVersion);
        }

        @Override
        public Page query(String pk, String skPrefix, String cursor, int limit) {
            check();
            return delegate.query(pk, skPrefix, cursor, limit);
        }

        @Override
        public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
            check();
            return delegate.queryIndex(indexPk, skFrom, skTo, cursor, limit);
        }
    }
}
