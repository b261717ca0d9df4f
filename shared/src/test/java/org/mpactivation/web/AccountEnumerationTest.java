package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.mpactivation.application.MutableClock;
import org.mpactivation.application.SequenceRandomSource;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.port.out.PasswordHasher;

/**
 * The bind page and the "existing console account" page answer a name or address that has an
 * account exactly as one that has none: same status, same page and wording, the same store and
 * hashing work. Only the mail differs, and only its owner sees it.
 */
class AccountEnumerationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submissionId\" value=\"([^\"]+)\"");

    private final MutableClock clock = new MutableClock(ActivationFixture.START);
    private final CapturingMailer mailer = new CapturingMailer();
    private final FakeAwsMarketplace marketplace = new FakeAwsMarketplace();
    private final CountingItemStore store = new CountingItemStore(new InMemoryItemStore(clock));
    private final CountingHasher hasher = new CountingHasher();
    private final Router router = ActivationApplication.builder().store(store)
            .signingKey(new SigningKey("a test signing key of 32 bytes!!".getBytes(StandardCharsets.UTF_8)))
            .clock(clock).mailer(mailer).random(new SequenceRandomSource()).passwords(hasher)
            .secureCookies(false).awsMarketplace(marketplace, false).build().router();

    @Test
    void givenKnownAndUnknownUsernames_thenTheBindPageAnswersAlikeAndDoesTheSameWork() {
        register("cust-owner", "adalovelace9", "ada@example.com");
        int mailsBefore = mailer.sent().size();

        Answer known = sendBindCode(arrive("cust-a"), "adalovelace9");
        Answer unknown = sendBindCode(arrive("cust-b"), "zq_nobody_7");

        assertEquals(200, known.status);
        assertEquals(known.status, unknown.status);
        assertEquals(known.body.replace("adalovelace9", "{name}"), unknown.body.replace("zq_nobody_7", "{name}"));
        assertFalse(known.body.contains("a***@example.com"), "the masked address would prove the account exists");
        assertEquals(known.storeCalls, unknown.storeCalls, "the same reads and writes");
        assertEquals(known.hashes, unknown.hashes, "the same hashing");
        assertEquals(mailsBefore + 1, mailer.sent().size(), "only the account's owner gets a mail");
    }

    @Test
    void givenWrongCodeForKnownAndUnknownUsernames_thenTheBindPageAnswersAlike() {
        register("cust-owner", "adalovelace9", "ada@example.com");
        Browser forKnown = arrive("cust-a");
        Browser forUnknown = arrive("cust-b");
        sendBindCode(forKnown, "adalovelace9");
        sendBindCode(forUnknown, "zq_nobody_7");
        String wrong = mailer.lastCodeTo("ada@example.com").equals("000000") ? "000001" : "000000";

        Answer known = forKnown.post("/activate/bind", Map.of("action", "bind", "username", "adalovelace9", "code", wrong));
        Answer unknown = forUnknown.post("/activate/bind", Map.of("action", "bind", "username", "zq_nobody_7",
                "code", wrong));

        assertEquals(422, known.status);
        assertEquals(known.status, unknown.status);
        assertEquals(known.body.replace("adalovelace9", "{name}"), unknown.body.replace("zq_nobody_7", "{name}"));
        assertEquals(known.storeCalls, unknown.storeCalls);
    }

    @Test
    void givenKnownAndUnknownConsoleEmails_thenTheExistingAccountPageAnswersAlike() {
        register("cust-owner", "adalovelace9", "ada@example.com");
        Browser buyer = arrive("cust-a");
        sendBindCode(buyer, "adalovelace9");
        buyer.post("/activate/bind", Map.of("action", "bind", "username", "adalovelace9",
                "code", mailer.lastCodeTo("ada@example.com")));
        int mailsBefore = mailer.sent().size();

        Answer known = sendConsoleCode(buyer, "ada@example.com");
        Answer unknown = sendConsoleCode(buyer, "ava@example.com");
        Answer knownWrong = createExisting(buyer, "ada@example.com", "000000".equals(
                mailer.lastCodeTo("ada@example.com")) ? "000001" : "000000");
        Answer unknownWrong = createExisting(buyer, "ava@example.com", "000000");

        assertEquals(200, known.status);
        assertEquals(known.status, unknown.status);
        assertEquals(mask(known.body), mask(unknown.body), "a***@example.com either way");
        assertEquals(known.storeCalls, unknown.storeCalls);
        assertEquals(mailsBefore + 1, mailer.sent().size());
        assertEquals(422, knownWrong.status);
        assertEquals(knownWrong.status, unknownWrong.status);
        assertEquals(mask(knownWrong.body), mask(unknownWrong.body));
        assertEquals(known.hashes + unknown.hashes, knownWrong.hashes + unknownWrong.hashes);
    }

    private Answer sendBindCode(Browser browser, String username) {
        browser.csrfFrom("/activate/bind");
        return browser.post("/activate/bind", Map.of("action", "send-code", "username", username));
    }

    private Answer sendConsoleCode(Browser browser, String email) {
        browser.csrfFrom("/activate/workspaces/new/existing");
        return browser.post("/activate/workspaces/new/existing", Map.of("action", "send-code", "email", email,
                "workspaceName", "Analytics", "language", "en", "submissionId", browser.submission));
    }

    private Answer createExisting(Browser browser, String email, String code) {
        browser.csrfFrom("/activate/workspaces/new/existing");
        return browser.post("/activate/workspaces/new/existing", Map.of("email", email, "code", code,
                "workspaceName", "Analytics", "language", "en", "terms", "on", "submissionId", browser.submission));
    }

    /** Per-request values removed (form submission ids; CSRF tokens are already), and the address typed. */
    private static String mask(String body) {
        return SUBMISSION.matcher(body).replaceAll("name=\"submissionId\" value=\"\"")
                .replace("ada@example.com", "{typed}").replace("ava@example.com", "{typed}");
    }

    private void register(String customer, String username, String email) {
        Browser owner = arrive(customer);
        owner.post("/activate/register", Map.of("action", "send-code", "email", email));
        owner.post("/activate/register", Map.of("username", username, "password", ActivationFixture.PASSWORD,
                "passwordConfirmation", ActivationFixture.PASSWORD, "email", email,
                "code", mailer.lastCodeTo(email)));
        owner.csrfFrom("/activate/register/company");
        owner.post("/activate/register/company", Map.of("companyName", "Example Ltd", "contactName", "Ada",
                "country", "GB"));
        owner.csrfFrom("/activate/register/workspace");
        assertEquals(303, owner.post("/activate/register/workspace", Map.of("workspaceName", "Production",
                "language", "en", "site", "us-oregon")).status);
    }

    private Browser arrive(String customer) {
        String token = marketplace.issueToken("token-" + customer, customer, "acct-" + customer);
        WebResponse landing = router.handle(new WebRequest("POST", "/aws/fulfillment", null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), null,
                ("x-amzn-marketplace-token=" + token).getBytes(StandardCharsets.UTF_8)));
        String setCookie = landing.cookies().get(0);
        Browser browser = new Browser(setCookie.substring("activation=".length(), setCookie.indexOf(';')));
        browser.csrfFrom("/activate/register");
        return browser;
    }

    private record Answer(int status, String body, long storeCalls, int hashes) {
    }

    private final class Browser {
        final String cookie;
        String csrf;
        String submission = "";

        Browser(String cookie) {
            this.cookie = cookie;
        }

        void csrfFrom(String path) {
            WebResponse page = router.handle(new WebRequest("GET", path, null, null, Map.of("activation", cookie),
                    null));
            Matcher matcher = CSRF.matcher(page.body());
            assertTrue(matcher.find(), "no form on " + path + ": " + page.status());
            csrf = matcher.group(1);
            Matcher id = SUBMISSION.matcher(page.body());
            if (id.find()) {
                submission = id.group(1);
            }
        }

        Answer post(String path, Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("_csrf", csrf);
            String body = all.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            store.reset();
            int hashesBefore = hasher.calls.get();
            WebResponse response = router.handle(new WebRequest("POST", path, null,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"), Map.of("activation", cookie),
                    body.getBytes(StandardCharsets.UTF_8), "198.51.100.7"));
            String shown = response.body() == null ? "" : response.body().replace(csrf, "{csrf}");
            return new Answer(response.status(), shown, store.reads() + store.writes(),
                    hasher.calls.get() - hashesBefore);
        }
    }

    /** Counts every hash and check, whatever the outcome. */
    private static final class CountingHasher implements PasswordHasher {
        final AtomicInteger calls = new AtomicInteger();
        private final PasswordHasher delegate = new FastPasswordHasher();

        @Override
        public String hash(String password) {
            calls.incrementAndGet();
            return delegate.hash(password);
        }

        @Override
        public boolean matches(String password, String hash) {
            calls.incrementAndGet();
            return delegate.matches(password, hash);
        }
    }
}
