package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.ActivationFixture;
import org.mpactivation.application.CapturingMailer;
import org.mpactivation.application.CodeLimits;
import org.mpactivation.application.FakeAwsMarketplace;
import org.mpactivation.application.FastPasswordHasher;
import org.mpactivation.application.MutableClock;
import org.mpactivation.application.SequenceRandomSource;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;

/** The pages refuse codes over a limit with 429, the wait in words and Retry-After, and keep what was typed. */
class CodeLimitPagesTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final MutableClock clock = new MutableClock(ActivationFixture.START);
    private final CapturingMailer mailer = new CapturingMailer();
    private final FakeAwsMarketplace marketplace = new FakeAwsMarketplace();
    private final Router router = ActivationApplication.builder().store(new InMemoryItemStore(clock))
            .signingKey(new SigningKey("a test signing key of 32 bytes!!".getBytes(StandardCharsets.UTF_8)))
            .clock(clock).mailer(mailer).random(new SequenceRandomSource()).passwords(new FastPasswordHasher())
            .secureCookies(false).awsMarketplace(marketplace, false).build().router();
    private final int addressCap = CodeLimits.standard().sendsPerAddress().max();
    private final int clientCap = CodeLimits.standard().sendsPerClient().max();
    private int customers;

    @Test
    void givenEveryCodeAskedForInANewSession_thenOverTheAddressCapThePageRefusesWithTheWaitInEitherLanguage() {
        for (int i = 0; i < addressCap; i++) {
            assertEquals(200, arrive("192.0.2." + (i + 1)).sendCode("ada@example.com", "en").status());
        }
        clock.advance(Duration.ofMinutes(18));

        WebResponse refused = arrive("192.0.2.100").sendCode("ada@example.com", "en");
        WebResponse inChinese = arrive("192.0.2.101").sendCode("ada@example.com", "zh-CN");

        assertEquals(429, refused.status());
        assertEquals(Long.toString(Duration.ofMinutes(42).toSeconds()), refused.headers().get("Retry-After"));
        assertTrue(refused.body().contains("You asked for too many codes for this address. Try again in 42 minutes."),
                refused.body());
        assertTrue(refused.body().contains("value=\"ada@example.com\""), "the address typed is kept");
        assertEquals(429, inChinese.status());
        assertTrue(inChinese.body().contains("您为该邮箱地址获取验证码的次数过多，请 42 分钟后再试。"), inChinese.body());
        assertEquals(addressCap, mailer.sent().size());
        assertEquals(200, arrive("192.0.2.102").sendCode("grace@example.com", "en").status(),
                "another address is not limited");
    }

    @Test
    void givenOneClientAskingForCodesToManyAddresses_thenOverItsCapThePageRefusesAndOtherClientsAreServed() {
        Session session = arrive("203.0.113.50");
        for (int i = 0; i < clientCap; i++) {
            assertEquals(200, session.sendCode("buyer" + i + "@example.com", "en").status());
        }

        WebResponse refused = session.sendCode("one-more@example.com", "en");

        assertEquals(429, refused.status());
        assertTrue(refused.body().contains("Too many codes were asked for from your network. Try again in 60 minutes."),
                refused.body());
        assertEquals(200, arrive("203.0.113.51").sendCode("one-more@example.com", "en").status());
    }

    @Test
    void givenUnknownUsernameAskedForTooOften_thenTheBindPageRefusesLikeForAnAccount() {
        int accountCap = CodeLimits.standard().sendsPerAccount().max();
        for (int i = 0; i < accountCap; i++) {
            assertEquals(200, arrive("192.0.2." + (i + 1)).post("/activate/bind",
                    Map.of("action", "send-code", "username", "nobody_here"), "en").status());
        }

        WebResponse refused = arrive("192.0.2.99").post("/activate/bind",
                Map.of("action", "send-code", "username", "nobody_here"), "en");

        assertEquals(429, refused.status());
        assertTrue(refused.body().contains("You asked for too many codes for this account. Try again in 60 minutes."),
                refused.body());
        assertTrue(refused.body().contains("value=\"nobody_here\""));
    }

    private Session arrive(String client) {
        String customer = "cust-" + ++customers;
        String token = marketplace.issueToken("token-" + customer, customer, "acct-" + customer);
        WebResponse landing = router.handle(new WebRequest("POST", "/aws/fulfillment", null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), null,
                ("x-amzn-marketplace-token=" + token).getBytes(StandardCharsets.UTF_8), client));
        String setCookie = landing.cookies().get(0);
        return new Session(setCookie.substring("activation=".length(), setCookie.indexOf(';')), client);
    }

    private final class Session {
        final String cookie;
        final String client;

        Session(String cookie, String client) {
            this.cookie = cookie;
            this.client = client;
        }

        WebResponse sendCode(String email, String language) {
            return post("/activate/register", Map.of("action", "send-code", "email", email), language);
        }

        WebResponse post(String path, Map<String, String> fields, String language) {
            WebResponse page = router.handle(new WebRequest("GET", path, null, null, Map.of("activation", cookie),
                    null, client));
            Matcher csrf = CSRF.matcher(page.body());
            assertTrue(csrf.find(), page.body());
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("_csrf", csrf.group(1));
            String body = all.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return router.handle(new WebRequest("POST", path, null, Map.of("Content-Type",
                    "application/x-www-form-urlencoded", "Accept-Language", language), Map.of("activation", cookie),
                    body.getBytes(StandardCharsets.UTF_8), client));
        }
    }
}
