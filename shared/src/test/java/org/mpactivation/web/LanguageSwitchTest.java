package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.ActivationFixture;
import org.mpactivation.application.FakeAzureFulfillment;
import org.mpactivation.application.FastPasswordHasher;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.port.out.BuyerSignIn;

/**
 * Every page, error page and code e-mail in Simplified Chinese, and the language switch: a link on
 * pages without a form, a button of the form (keeping what was typed, never a password) on the others.
 */
class LanguageSwitchTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]+)\" lang=\"(en|zh)\"");
    private static final String SECRET = "typed-secret-77";

    private final ActivationFixture fixture = new ActivationFixture();
    private final Router router = ActivationApplication.builder().store(fixture.store).signingKey(fixture.key)
            .clock(fixture.clock).mailer(fixture.mailer).random(fixture.random).passwords(new FastPasswordHasher())
            .secureCookies(false).awsMarketplace(fixture.marketplace, false)
            .azure(new FakeAzureFulfillment(fixture.clock), new NoSignIn(), URI.create("https://activation.example"))
            .build().router();

    @Test
    void givenChineseBrowser_thenEveryPageOfTheRegisterPathIsChinese() {
        Browser browser = arrive("cust-1", "zh-CN,zh;q=0.9,en;q=0.8");

        assertChinese(browser.get("/activate/start"), "开通商业版");
        assertChinese(browser.get("/activate/register"), "注册");
        assertChinese(browser.post("/activate/register", Map.of("action", "send-code", "email", "ada@example.com")),
                "验证码已发送至 a***@example.com");
        assertEquals("您的验证码", lastMail().subject(), "the code e-mail is in the page's language");
        WebResponse wrong = browser.post("/activate/register", registerFields(wrongCode("ada@example.com")));
        assertChinese(wrong, "验证码错误，还剩 4 次机会。");
        browser.post("/activate/register", registerFields(fixture.mailer.lastCodeTo("ada@example.com")));
        browser.csrfFrom("/activate/register/company");
        assertChinese(browser.get("/activate/register/company"), "公司信息");
        assertChinese(browser.post("/activate/register/company", Map.of("companyName", "Example Ltd")), "请填写此项。");
        browser.post("/activate/register/company", Map.of("companyName", "Example Ltd", "contactName", "Ada",
                "country", "GB"));
        browser.csrfFrom("/activate/register/workspace");
        assertChinese(browser.get("/activate/register/workspace"), "选择开通方式");
        browser.post("/activate/register/workspace", Map.of("workspaceName", "Production", "language", "zh",
                "site", "us-oregon"));
        assertChinese(browser.get("/activate/done"), "开通成功");
    }

    @Test
    void givenChineseBrowser_thenEveryPageOfTheBindPathIsChinese() {
        fixture.register("cust-0", "ada", "ada@example.com");
        String spare = fixture.spareWorkspace("ada", "ada@example.com").id();
        Browser browser = arrive("cust-1", "zh");

        browser.csrfFrom("/activate/bind");
        assertChinese(browser.get("/activate/bind"), "绑定费用中心账号");
        assertChinese(browser.post("/activate/bind", Map.of("action", "send-code", "username", "ada")), "验证码已发送至");
        assertEquals("您的验证码", lastMail().subject());
        browser.post("/activate/bind", Map.of("action", "bind", "code", fixture.mailer.lastCodeTo("ada@example.com")));
        assertChinese(browser.get("/activate/workspaces"), "已通过其他渠道计费");
        assertChinese(browser.get("/activate/workspaces/" + spare + "/bind"), "绑定此工作空间？");
        browser.csrfFrom("/activate/workspaces/new/existing");
        assertChinese(browser.get("/activate/workspaces/new/existing"), "为您的控制台账号创建工作空间");
        assertChinese(browser.get("/activate/workspaces/new/account"), "注册控制台账号并创建工作空间");
        assertChinese(browser.post("/activate/workspaces/" + spare + "/bind", Map.of()).status() == 303
                ? browser.get("/activate/workspaces") : null, "已绑定");
        assertEquals(303, browser.post("/activate/complete", Map.of()).status());
        assertChinese(browser.get("/activate/done"), "开通成功");
    }

    @Test
    void givenChineseBrowser_thenErrorPagesAreChineseAndSwitchByLink() {
        Map<String, String> chinese = Map.of("Accept-Language", "zh");
        WebResponse noSession = router.handle(new WebRequest("GET", "/activate/register", null, chinese, null, null));
        assertEquals(401, noSession.status());
        assertChinese(noSession, "您的开通会话已过期或不存在。");
        assertTrue(noSession.body().contains("AWS 或 Azure"), noSession.body());

        WebResponse english = followLanguageLink(noSession, "en", chinese, Map.of());
        assertEquals(200, english.status());
        assertTrue(english.body().contains("<html lang=\"en\">"), english.body());
        assertTrue(english.body().contains("Your activation session has expired or was not found."), english.body());
        assertTrue(english.body().contains("Go back to AWS or Azure Marketplace"), english.body());
        assertTrue(english.cookies().contains(PageLanguage.EN.setCookie(false)), english.cookies().toString());

        WebResponse notFound = router.handle(new WebRequest("GET", "/nowhere", null, chinese, null, null));
        assertChinese(notFound, "此页面不存在。");
        WebResponse landing = router.handle(new WebRequest("GET", "/azure/landing", null, chinese, null, null));
        assertEquals(400, landing.status());
        assertChinese(landing, "请求中缺少云市场的注册令牌。");
        WebResponse landingInEnglish = followLanguageLink(landing, "en", chinese, Map.of());
        assertTrue(landingInEnglish.body().contains("Go back to Azure Marketplace"), landingInEnglish.body());
    }

    @Test
    void givenAnythingButAnErrorMessageKey_thenTheErrorLinkShowsNotFound() {
        WebResponse response = router.handle(get("/activate/error", Map.of("m", "start.title", "lang", "en")));
        assertEquals(404, response.status());
        WebResponse made = router.handle(get("/activate/error", Map.of("m", "error.<script>", "c", "Evil Corp")));
        assertEquals(404, made.status());
        assertFalse(made.body().contains("<script>"));
    }

    @Test
    void givenLanguageQueryOnAGet_thenThePageAndTheNextOnesFollowIt() {
        Browser browser = arrive("cust-1", "en-US");
        assertTrue(browser.get("/activate/start").body().contains("<html lang=\"en\">"));

        WebResponse chosen = browser.get("/activate/start?lang=zh");
        assertChinese(chosen, "开通商业版");
        assertTrue(chosen.cookies().contains("lang=zh; Path=/; Max-Age=31536000; SameSite=Lax"), chosen.cookies().toString());
        assertChinese(browser.get("/activate/register"), "注册");
        assertTrue(browser.get("/activate/register").body().contains("name=\"_lang\" value=\"en\""),
                "a form page offers English as a button of its form");
    }

    @Test
    void givenTypedRegistration_whenLanguageSwitched_thenTypedValuesComeBackAndThePasswordIsKeptNotEchoed() {
        Browser browser = arrive("cust-1", "en");
        browser.post("/activate/register", Map.of("action", "send-code", "email", "ada@example.com"));
        Map<String, String> typed = new LinkedHashMap<>(Map.of("username", "ada.l", "password", SECRET,
                "passwordConfirmation", SECRET, "email", "ada@example.com", "phone", "+4412345678"));
        typed.put("_lang", "zh");

        WebResponse switched = browser.post("/activate/register", typed);

        assertChinese(switched, "您的密码已保留");
        assertEquals(200, switched.status());
        for (String value : List.of("value=\"ada.l\"", "value=\"ada@example.com\"", "value=\"+4412345678\"")) {
            assertTrue(switched.body().contains(value), value);
        }
        assertFalse(switched.body().contains(SECRET), "a password is never echoed");
        assertTrue(switched.cookies().contains(PageLanguage.ZH.setCookie(false)), switched.cookies().toString());
        assertTrue(fixture.mailer.sent().size() == 1, "switching sends nothing and submits nothing");

        WebResponse next = browser.post("/activate/register", Map.of("username", "ada.l", "password", "",
                "passwordConfirmation", "", "email", "ada@example.com",
                "code", fixture.mailer.lastCodeTo("ada@example.com")));
        assertEquals("/activate/register/company", next.headers().get("Location"), "the kept password is used");
        String hash = fixture.sessionRepository.find(sessionIdOf(browser)).orElseThrow().draft().passwordHash();
        assertTrue(new FastPasswordHasher().matches(SECRET, hash), "the kept password is the one typed");
    }

    @Test
    void givenInvalidPassword_whenLanguageSwitched_thenNothingIsKept() {
        Browser browser = arrive("cust-1", "en");

        WebResponse switched = browser.post("/activate/register", Map.of("username", "ada", "password", "short",
                "passwordConfirmation", "short", "_lang", "zh"));

        assertChinese(switched, "注册");
        assertFalse(switched.body().contains("您的密码已保留"));
        assertFalse(switched.body().contains("short\""));
        WebResponse next = browser.post("/activate/register", Map.of("username", "ada", "email", "ada@example.com",
                "code", "123456"));
        assertEquals(422, next.status());
        assertTrue(next.body().contains("请填写此项。"), "still Chinese, from the cookie");
    }

    @Test
    void givenTypedCompany_whenLanguageSwitched_thenTheFieldsComeBackInTheOtherLanguage() {
        Browser browser = arrive("cust-1", "zh");
        browser.post("/activate/register", Map.of("action", "send-code", "email", "ada@example.com"));
        browser.post("/activate/register", registerFields(fixture.mailer.lastCodeTo("ada@example.com")));
        browser.csrfFrom("/activate/register/company");

        WebResponse switched = browser.post("/activate/register/company", Map.of("companyName", "Ünïcode & Co",
                "contactName", "Ada <b>L</b>", "country", "GB", "_lang", "en"));

        assertEquals(200, switched.status());
        assertTrue(switched.body().contains("<html lang=\"en\">") && switched.body().contains("Company information"));
        assertTrue(switched.body().contains("value=\"Ünïcode &amp; Co\""), switched.body());
        assertTrue(switched.body().contains("value=\"Ada &lt;b"), switched.body());
        assertFalse(switched.body().contains("<b>L"), "every typed value is escaped");
        assertTrue(switched.body().contains("name=\"_lang\" value=\"zh\""));
        assertFalse(browser.get("/activate/register/company").body().contains("Ünïcode"), "nothing was saved");
    }

    @Test
    void givenNewConsoleAccountForm_whenLanguageSwitched_thenThePasswordIsKeptForIt() {
        fixture.register("cust-0", "ada", "ada@example.com");
        Browser browser = arrive("cust-1", "en");
        browser.post("/activate/bind", Map.of("action", "send-code", "username", "ada"));
        browser.post("/activate/bind", Map.of("action", "bind", "code", fixture.mailer.lastCodeTo("ada@example.com")));
        browser.csrfFrom("/activate/workspaces/new/account");
        Matcher submission = Pattern.compile("name=\"submissionId\" value=\"([^\"]+)\"")
                .matcher(browser.get("/activate/workspaces/new/account").body());
        assertTrue(submission.find());
        Map<String, String> typed = new HashMap<>(Map.of("submissionId", submission.group(1), "workspaceName", "Staging",
                "language", "en", "username", "grace", "password", SECRET, "passwordConfirmation", SECRET,
                "email", "grace@example.com", "terms", "on", "_lang", "zh"));

        WebResponse switched = browser.post("/activate/workspaces/new/account", typed);

        assertChinese(switched, "您的密码已保留");
        assertTrue(switched.body().contains("value=\"Staging\"") && switched.body().contains("value=\"grace\""));
        assertFalse(switched.body().contains(SECRET));
        browser.post("/activate/workspaces/new/account", Map.of("action", "send-code", "email", "grace@example.com"));
        typed.remove("_lang");
        typed.put("password", "");
        typed.put("passwordConfirmation", "");
        typed.put("code", fixture.mailer.lastCodeTo("grace@example.com"));
        typed.put("action", "create");
        WebResponse created = browser.post("/activate/workspaces/new/account", typed);
        assertEquals("/activate/workspaces", created.headers().get("Location"));
        String hash = fixture.accounts.findConsoleAccountByEmail("grace@example.com").orElseThrow().passwordHash();
        assertTrue(new FastPasswordHasher().matches(SECRET, hash));
    }

    @Test
    void givenAFormPage_thenTheLanguageButtonComesAfterTheFormsOwnButtons() {
        Browser browser = arrive("cust-1", "en");
        String body = browser.get("/activate/register").body();

        assertTrue(body.indexOf("name=\"_lang\"") > body.indexOf("value=\"next\""),
                "Enter submits the form's first button: it must not be the language switch");
        assertTrue(body.contains("form=\"page-form\"") && body.contains("id=\"page-form\""));
        assertTrue(body.contains("formnovalidate") && body.contains(">中文</button>"), body);
    }

    // ---- checks

    /** Chinese page: lang attribute, the expected text, and no English text of the bundle left. */
    private static void assertChinese(WebResponse response, String expected) {
        assertTrue(response != null, "no page");
        String body = response.body();
        assertTrue(body.contains("<html lang=\"zh\">"), body);
        assertTrue(body.contains(expected), "expected " + expected + " in " + body);
        String text = body.replaceAll("(?s)<[^>]*>", " ").replace("&amp;", "&").replace("&#34;", "\"")
                .replace("&quot;", "\"").replace("&#39;", "'");
        for (String english : EnglishTexts.SEGMENTS) {
            assertFalse(text.contains(english), "English left: \"" + english + "\" in " + text);
        }
    }

    /** The literal parts of every English text that no Chinese text contains (brand names do). */
    private static final class EnglishTexts {
        static final List<String> SEGMENTS = load();

        private static List<String> load() {
            Properties en = properties("/messages.properties");
            Properties zh = properties("/messages_zh.properties");
            String allChinese = String.join("\n", zh.stringPropertyNames().stream().map(zh::getProperty).toList());
            List<String> segments = new ArrayList<>();
            for (String key : en.stringPropertyNames()) {
                for (String part : en.getProperty(key).replaceAll("\\{[^{}]*\\{[^{}]*\\}[^{}]*\\}|\\{[^{}]*\\}", "\u0000")
                        .split("\u0000")) {
                    String segment = part.strip();
                    if (segment.length() >= 4 && segment.matches(".*[A-Za-z].*") && !allChinese.contains(segment)) {
                        segments.add(segment);
                    }
                }
            }
            return segments;
        }

        private static Properties properties(String resource) {
            Properties properties = new Properties();
            try (InputStream in = LanguageSwitchTest.class.getResourceAsStream(resource)) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return properties;
        }
    }

    // ---- a browser

    private Browser arrive(String customer, String acceptLanguage) {
        String token = fixture.marketplace.issueToken("token-" + customer, customer, "acct-" + customer);
        WebResponse landing = router.handle(new WebRequest("POST", "/aws/fulfillment", null,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept-Language", acceptLanguage), null,
                ("x-amzn-marketplace-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(303, landing.status());
        Browser browser = new Browser(acceptLanguage);
        browser.take(landing);
        browser.csrfFrom("/activate/register");
        return browser;
    }

    private WebResponse followLanguageLink(WebResponse page, String language, Map<String, String> headers,
                                           Map<String, String> cookies) {
        Matcher link = LINK.matcher(page.body());
        assertTrue(link.find(), page.body());
        assertEquals(language, link.group(2));
        String href = link.group(1).replace("&amp;", "&");
        int question = href.indexOf('?');
        return router.handle(new WebRequest("GET", href.substring(0, question),
                WebRequest.parseQuery(href.substring(question + 1)), headers, cookies, null));
    }

    private static WebRequest get(String path, Map<String, String> query) {
        Map<String, List<String>> params = new HashMap<>();
        query.forEach((k, v) -> params.put(k, List.of(v)));
        return new WebRequest("GET", path, params, null, null, null);
    }

    private org.mpactivation.port.out.EmailMessage lastMail() {
        List<org.mpactivation.port.out.EmailMessage> sent = fixture.mailer.sent();
        return sent.get(sent.size() - 1);
    }

    private String wrongCode(String email) {
        return fixture.mailer.lastCodeTo(email).equals("000000") ? "000001" : "000000";
    }

    private static Map<String, String> registerFields(String code) {
        return Map.of("username", "ada", "password", ActivationFixture.PASSWORD, "passwordConfirmation",
                ActivationFixture.PASSWORD, "email", "ada@example.com", "code", code);
    }

    private String sessionIdOf(Browser browser) {
        return fixture.sessions.parseCookie(browser.cookies.get("activation")).orElseThrow().sessionId();
    }

    /** One browser: its cookies, its Accept-Language and the CSRF token of the last form it loaded. */
    private final class Browser {
        final Map<String, String> cookies = new HashMap<>();
        final String acceptLanguage;
        String csrf;

        Browser(String acceptLanguage) {
            this.acceptLanguage = acceptLanguage;
        }

        WebResponse get(String pathAndQuery) {
            int question = pathAndQuery.indexOf('?');
            String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
            Map<String, List<String>> query = question < 0 ? Map.of()
                    : WebRequest.parseQuery(pathAndQuery.substring(question + 1));
            return take(router.handle(new WebRequest("GET", path, query, Map.of("Accept-Language", acceptLanguage),
                    cookies, null)));
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
            String body = all.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return take(router.handle(new WebRequest("POST", path, null, Map.of("Content-Type",
                    "application/x-www-form-urlencoded", "Accept-Language", acceptLanguage), cookies,
                    body.getBytes(StandardCharsets.UTF_8))));
        }

        WebResponse take(WebResponse response) {
            for (String setCookie : response.cookies()) {
                String pair = setCookie.substring(0, setCookie.indexOf(';'));
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            return response;
        }
    }

    /** Azure sign-in is not reached by these tests: the landing without a token fails first. */
    private static final class NoSignIn implements BuyerSignIn {
        @Override
        public URI authorizationUrl(String state, String nonce, String codeVerifier, URI redirectUri) {
            throw new UnsupportedOperationException("not reached");
        }

        @Override
        public BuyerIdentity complete(String code, String codeVerifier, String expectedNonce, URI redirectUri) {
            throw new UnsupportedOperationException("not reached");
        }
    }
}
