package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.mpactivation.application.WorkspaceBinding;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.domain.Site;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;

/**
 * What every activation page owes a keyboard or screen-reader user, and what the strict CSP
 * needs: labelled inputs, errors tied to their fields and summarised, the step's main action as
 * the default button, no inline style or script, a CSRF token in every form; and that sending a
 * code keeps what was typed.
 */
class PageAccessibilityTest {

    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)\\b([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"]*)\")?");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** Every form page and the fields it shows. */
    private static final Map<String, List<String>> FORM_PAGES = Map.of(
            "register", List.of("username", "email", "code", "password", "passwordConfirmation", "phone"),
            "company", List.of("companyName", "contactName", "country", "address"),
            "activation", List.of("site", "workspaceName", "language"),
            "bind", List.of("username", "code"),
            "createExisting", List.of("workspaceName", "language", "email", "code", "terms"),
            "createNew", List.of("workspaceName", "language", "username", "email", "code", "password",
                    "passwordConfirmation", "phone", "terms"));

    private final PageRenderer renderer = new PageRenderer();
    private final SiteCatalog sites = SiteCatalog.defaults();

    // ---- every page, rendered with and without errors

    @Test
    void everyPage_thenEveryInputHasALabelAndNoInlineStyleOrScriptAndTheHeadingsAreInOrder() {
        Map<String, String> pages = allPages(Map.of());
        assertTrue(pages.size() >= 12, pages.keySet().toString());
        pages.forEach((name, html) -> {
            assertLabelled(name, html);
            assertFalse(html.contains(" style="), name + " has an inline style");
            assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), name + " has a script");
            assertFalse(html.toLowerCase(Locale.ROOT).contains("<style"), name + " has a style element");
            assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), name + " has an event handler");
            assertTrue(html.contains("<html lang=\"en\">"), name + " names its language");
            assertHeadingsInOrder(name, html);
            assertEveryFormHasACsrfToken(name, html);
        });
    }

    @Test
    void everyFormPageWithErrors_thenEachFieldIsMarkedInvalidDescribedByItsErrorAndLinkedFromTheSummary() {
        FORM_PAGES.forEach((page, fields) -> {
            Map<String, String> errors = new HashMap<>();
            fields.forEach(f -> errors.put(f, "error.required"));
            errors.put("submissionId", "error.form.stale");
            String html = renderForm(page, FormState.empty().withErrors(errors));

            assertLabelled(page, html);
            assertHeadingsInOrder(page, html);
            for (String field : fields) {
                List<Map<String, String>> inputs = visibleInputsNamed(html, field);
                assertFalse(inputs.isEmpty(), page + " shows no input " + field);
                for (Map<String, String> input : inputs) {
                    assertEquals("true", input.get("aria-invalid"), page + " " + field + " " + input);
                    List<String> describedBy = Arrays.asList(input.getOrDefault("aria-describedby", "").split(" "));
                    assertTrue(describedBy.contains(field + "-error"), page + " " + field + " " + input);
                    describedBy.forEach(id -> assertTrue(html.contains("id=\"" + id + "\""),
                            page + ": aria-describedby names a missing id " + id));
                }
            }
            String summary = between(html, "<div class=\"error-summary\"", "</div>");
            assertTrue(summary.contains("role=\"alert\""), page + summary);
            assertTrue(summary.contains("tabindex=\"-1\""), page + " the summary can take the focus");
            Matcher links = Pattern.compile("href=\"#([^\"]+)\"").matcher(summary);
            List<String> targets = new ArrayList<>();
            while (links.find()) {
                targets.add(links.group(1));
                assertTrue(html.contains("id=\"" + links.group(1) + "\""), page + " links to a missing id");
            }
            assertEquals(fields.size(), targets.size(), page + " links every field in order: " + targets);
            assertTrue(summary.contains("This form is no longer valid"), page + " shows a hidden field's error too");
        });
    }

    @Test
    void pagesWithoutErrors_thenNoInputIsMarkedInvalidAndThereIsNoSummary() {
        allPages(Map.of()).forEach((name, html) -> {
            assertFalse(html.contains("aria-invalid=\"true\""), name);
            assertFalse(html.contains("error-summary"), name);
        });
    }

    @Test
    void everyFormWithSeveralSubmitButtons_thenTheFirstIsTheStepsMainActionNotSendCode() {
        int checked = 0;
        for (Map.Entry<String, String> page : allPages(Map.of()).entrySet()) {
            for (String form : forms(page.getValue())) {
                List<Map<String, String>> buttons = submitButtons(form);
                if (buttons.size() < 2) {
                    continue;
                }
                checked++;
                Map<String, String> first = buttons.get(0);
                assertNotEquals("send-code", first.get("value"), page.getKey() + ": Enter would send a code");
                assertTrue(buttons.stream().skip(1).anyMatch(b -> first.get("value").equals(b.get("value"))
                                && !b.containsKey("aria-hidden")),
                        page.getKey() + ": the default action is also a visible button " + buttons);
            }
        }
        assertEquals(3, checked, "register, createExisting and createNew have a send-code button besides the main one");
        String bind = allPages(Map.of()).get("bind");
        for (String form : forms(bind)) {
            assertEquals(1, submitButtons(form).size(), "on the bind page sending the code is its own form");
        }
    }

    @Test
    void passwordAndCodeFields_thenTheCodeIsAskedForBeforeAnyPassword() {
        for (String page : List.of("register", "createNew")) {
            String html = renderForm(page, FormState.empty());
            int code = html.indexOf("value=\"send-code\"");
            assertTrue(code > 0 && code < html.indexOf("name=\"password\""),
                    page + ": the reload of send-code comes before the passwords are typed");
        }
    }

    @Test
    void theStylesheet_thenLoadsNothingFromElsewhereAndShowsTheFocus() {
        String css = StaticAssets.read("/assets/app.css");

        assertFalse(css.contains("@import"));
        assertFalse(css.contains("url("));
        assertFalse(css.contains("//"), "no external address, not even protocol-relative");
        assertTrue(css.contains(":focus-visible"));
        assertTrue(css.contains("@media"), "a narrow-screen layout");
        assertTrue(css.length() < 12_000, "one small stylesheet: " + css.length());
    }

    @Test
    void workspaceTable_thenEveryCellNamesItsColumnForTheNarrowLayout() {
        String html = allPages(Map.of()).get("workspaces");
        String body = between(html, "<tbody>", "</tbody>");

        Matcher cells = Pattern.compile("<(td|th)\\b([^>]*)>").matcher(body);
        int count = 0;
        while (cells.find()) {
            count++;
            assertTrue(cells.group(2).contains("data-label=\""), cells.group());
        }
        assertEquals(12, count, "three rows of four cells");
        assertTrue(body.contains("aria-describedby=\"workspace-ws-2\""), "the Bind link names its workspace");
    }

    // ---- through the router, as a browser uses the pages

    private final MutableClock clock = new MutableClock(ActivationFixture.START);
    private final CapturingMailer mailer = new CapturingMailer();
    private final FakeAwsMarketplace marketplace = new FakeAwsMarketplace();
    private final Router router = ActivationApplication.builder().store(new InMemoryItemStore(clock))
            .signingKey(new SigningKey("a test signing key of 32 bytes!!".getBytes(StandardCharsets.UTF_8)))
            .clock(clock).mailer(mailer).random(new SequenceRandomSource()).passwords(new FastPasswordHasher())
            .secureCookies(false).awsMarketplace(marketplace, false).build().router();

    @Test
    void givenFailedRegisterPost_thenTheFieldIsInvalidDescribedByItsErrorAndTheSummaryLinksToIt() {
        Browser browser = arrive("cust-1");

        WebResponse page = browser.post("/activate/register", Map.of("action", "next", "username", "",
                "email", "ada@example.com"));

        assertEquals(422, page.status());
        Map<String, String> username = visibleInputsNamed(page.body(), "username").get(0);
        assertEquals("true", username.get("aria-invalid"));
        assertEquals("username-hint username-error", username.get("aria-describedby"));
        assertTrue(page.body().contains("<p class=\"error\" id=\"username-error\">Please fill in this field.</p>"));
        assertTrue(page.body().contains("<a href=\"#username\">Username: Please fill in this field.</a>"),
                page.body());
        assertFalse(visibleInputsNamed(page.body(), "email").get(0).containsKey("aria-invalid"));
        assertLabelled("register after a failed post", page.body());
    }

    @Test
    void givenSendCodeOnRegister_thenEveryTypedFieldButThePasswordsIsKept() {
        Browser browser = arrive("cust-1");

        WebResponse page = browser.post("/activate/register", Map.of("action", "send-code", "username", "ada_l",
                "email", "ada@example.com", "phone", "+44 20 7946 0000", "password", "typed-secret-1",
                "passwordConfirmation", "typed-secret-1"));

        assertEquals(200, page.status());
        assertEquals("ada_l", visibleInputsNamed(page.body(), "username").get(0).get("value"));
        assertEquals("ada@example.com", visibleInputsNamed(page.body(), "email").get(0).get("value"));
        assertEquals("+44 20 7946 0000", visibleInputsNamed(page.body(), "phone").get(0).get("value"));
        assertFalse(page.body().contains("typed-secret-1"), "passwords are never echoed");
        assertTrue(page.body().contains("role=\"status\""), "the notice is announced");
    }

    @Test
    void givenSendCodeOnCreateWithNewAccount_thenEveryTypedFieldButThePasswordsIsKept() {
        Browser owner = arrive("cust-1");
        owner.register("ada", "ada@example.com");
        Browser buyer = arrive("cust-2");
        buyer.post("/activate/bind", Map.of("action", "send-code", "username", "ada"));
        assertEquals("/activate/workspaces", buyer.post("/activate/bind",
                Map.of("action", "bind", "code", mailer.lastCodeTo("ada@example.com"))).headers().get("Location"));
        buyer.csrfFrom("/activate/workspaces/new/account");

        WebResponse page = buyer.post("/activate/workspaces/new/account", Map.of("action", "send-code",
                "submissionId", "sub-1", "workspaceName", "Analytics", "language", "zh", "username", "grace",
                "email", "grace@example.com", "phone", "+1 555 0100", "terms", "on", "password", "typed-secret-2"));

        assertEquals(200, page.status(), page.body());
        String html = page.body();
        assertEquals("Analytics", visibleInputsNamed(html, "workspaceName").get(0).get("value"));
        assertTrue(visibleInputsNamed(html, "language").stream()
                .anyMatch(r -> "zh".equals(r.get("value")) && r.containsKey("checked")));
        assertEquals("grace", visibleInputsNamed(html, "username").get(0).get("value"));
        assertEquals("grace@example.com", visibleInputsNamed(html, "email").get(0).get("value"));
        assertEquals("+1 555 0100", visibleInputsNamed(html, "phone").get(0).get("value"));
        assertTrue(visibleInputsNamed(html, "terms").get(0).containsKey("checked"));
        assertTrue(html.contains("name=\"submissionId\" value=\"sub-1\""));
        assertFalse(html.contains("typed-secret-2"));
    }

    @Test
    void givenSendCodeOnBind_thenTheUsernameIsKeptAndTheCodeFormCarriesIt() {
        Browser owner = arrive("cust-1");
        owner.register("ada", "ada@example.com");
        Browser buyer = arrive("cust-2");

        WebResponse page = buyer.post("/activate/bind", Map.of("action", "send-code", "username", "ada"));

        assertEquals(200, page.status());
        assertEquals("ada", visibleInputsNamed(page.body(), "username").get(0).get("value"));
        List<String> forms = forms(page.body()).stream().filter(f -> f.contains("/activate/bind")).toList();
        assertEquals(2, forms.size());
        assertTrue(forms.get(1).contains("name=\"username\" value=\"ada\""), forms.get(1));
        assertTrue(forms.get(1).contains("name=\"code\""));
    }

    // ---- the pages

    private Map<String, String> allPages(Map<String, String> errors) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("start", render("start", model(FormState.empty()), Map.of()));
        FORM_PAGES.keySet().forEach(page -> pages.put(page, renderForm(page, FormState.empty().withErrors(errors))));
        Workspace bindable = workspace("ws-2", "Staging", SubscriptionId.aws("prod", "cust-9"));
        pages.put("workspaces", render("workspaces", model(FormState.empty()), Map.of("rows", List.of(
                new WorkspaceBinding.Row(workspace("ws-1", "Production", SubscriptionId.aws("prod", "cust-1")),
                        WorkspaceBinding.State.BOUND_HERE),
                new WorkspaceBinding.Row(bindable, WorkspaceBinding.State.BINDABLE),
                new WorkspaceBinding.Row(workspace("ws-3", "<b>Other</b>", SubscriptionId.azure("sub-1")),
                        WorkspaceBinding.State.OTHER_CHANNEL)), "canConfirm", true)));
        pages.put("workspacesEmpty", render("workspaces", model(FormState.empty()),
                Map.of("rows", List.of(), "canConfirm", false)));
        pages.put("bindConfirm", render("bindConfirm", model(FormState.empty()), Map.of("workspace", bindable)));
        pages.put("done", render("done", model(FormState.empty()), Map.of("logins",
                SiteLogins.of(List.of(bindable), sites))));
        pages.put("error", render("error", model(FormState.empty()), Map.of("message", "No.", "restart", false,
                "languageLink", "/activate/error?m=error.unavailable&lang=zh")));
        pages.put("errorRestart", render("error", model(FormState.empty()), Map.of("message", "No.", "restart", true,
                "languageLink", "/activate/error?m=error.unavailable&r=1&lang=zh")));
        return pages;
    }

    private String renderForm(String page, FormState form) {
        Map<String, Object> params = new HashMap<>();
        if ("bind".equals(page)) {
            params.put("codePending", true);
        }
        return render(page, model(form), params);
    }

    private String render(String template, PageModel model, Map<String, Object> extra) {
        Map<String, Object> params = new HashMap<>(extra);
        params.put("p", model);
        return renderer.render(template, params);
    }

    private PageModel model(FormState form) {
        return new PageModel(new Texts(Locale.ENGLISH), "csrf-token", sites.all(), sites.defaultSite().id(), form,
                null, "AWS");
    }

    private static Workspace workspace(String id, String name, SubscriptionId channel) {
        Instant at = ActivationFixture.START;
        return new Workspace(id, name, WorkspaceLanguage.EN, "us-oregon", "console-1", "billing-1", channel, at, at, 0);
    }

    // ---- reading the HTML

    private static List<Map<String, String>> tags(String html, String name) {
        List<Map<String, String>> found = new ArrayList<>();
        Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            if (tag.group(1).isEmpty() && tag.group(2).equalsIgnoreCase(name)) {
                found.add(attributes(tag.group(3)));
            }
        }
        return found;
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(text);
        while (attribute.find()) {
            attributes.put(attribute.group(1), attribute.group(2) == null ? "" : attribute.group(2));
        }
        return attributes;
    }

    private static List<Map<String, String>> visibleInputsNamed(String html, String name) {
        List<Map<String, String>> found = new ArrayList<>();
        for (String element : List.of("input", "select", "textarea")) {
            tags(html, element).stream()
                    .filter(a -> name.equals(a.get("name")) && !"hidden".equals(a.get("type")))
                    .forEach(found::add);
        }
        return found;
    }

    private static void assertLabelled(String page, String html) {
        List<String> labelled = tags(html, "label").stream().map(a -> a.get("for")).toList();
        for (String element : List.of("input", "select", "textarea")) {
            for (Map<String, String> input : tags(html, element)) {
                if ("hidden".equals(input.get("type"))) {
                    continue;
                }
                String id = input.get("id");
                assertNotNull(id, page + ": an input without id " + input);
                assertTrue(labelled.contains(id), page + ": no <label for=\"" + id + "\">");
                assertEquals(1, Pattern.compile("\\sid=\"" + Pattern.quote(id) + "\"").matcher(html).results()
                        .count(), page + ": id " + id + " is not unique");
            }
        }
    }

    private static void assertHeadingsInOrder(String page, String html) {
        Matcher heading = Pattern.compile("<h([1-6])\\b").matcher(html);
        int previous = 0;
        int h1 = 0;
        while (heading.find()) {
            int level = Integer.parseInt(heading.group(1));
            assertTrue(level <= previous + 1, page + ": h" + level + " after h" + previous);
            previous = level;
            h1 += level == 1 ? 1 : 0;
        }
        assertEquals(1, h1, page + " has one h1");
    }

    private static void assertEveryFormHasACsrfToken(String page, String html) {
        for (String form : forms(html)) {
            assertTrue(CSRF.matcher(form).find(), page + ": a form without CSRF token " + form);
            String action = attributes(form.substring(0, form.indexOf('>'))).getOrDefault("action", "");
            assertTrue(action.startsWith("/activate/") && !action.contains("?"), page + ": form action " + action);
        }
    }

    private static List<String> forms(String html) {
        List<String> forms = new ArrayList<>();
        Matcher form = Pattern.compile("<form\\b.*?</form>", Pattern.DOTALL).matcher(html);
        while (form.find()) {
            forms.add(form.group());
        }
        return forms;
    }

    private static List<Map<String, String>> submitButtons(String form) {
        List<Map<String, String>> buttons = new ArrayList<>(tags(form, "button").stream()
                .filter(b -> !b.containsKey("type") || "submit".equals(b.get("type"))).toList());
        assertTrue(tags(form, "input").stream().noneMatch(i -> "submit".equals(i.get("type"))), "button elements only");
        return buttons;
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertTrue(start >= 0, "no " + from + " in " + text);
        return text.substring(start, text.indexOf(to, start) + to.length());
    }

    // ---- a browser

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

    private final class Browser {
        final String cookie;
        String csrf;

        Browser(String cookie) {
            this.cookie = cookie;
        }

        void csrfFrom(String path) {
            WebResponse page = router.handle(new WebRequest("GET", path, null, null, Map.of("activation", cookie), null));
            Matcher matcher = CSRF.matcher(page.body());
            assertTrue(matcher.find(), "no form on " + path + ": " + page.status());
            csrf = matcher.group(1);
        }

        WebResponse post(String path, Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("_csrf", csrf);
            String body = all.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return router.handle(new WebRequest("POST", path, null,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"), Map.of("activation", cookie),
                    body.getBytes(StandardCharsets.UTF_8)));
        }

        void register(String username, String email) {
            post("/activate/register", Map.of("action", "send-code", "email", email));
            assertEquals("/activate/register/company", post("/activate/register", Map.of("action", "next",
                    "username", username, "password", ActivationFixture.PASSWORD, "passwordConfirmation",
                    ActivationFixture.PASSWORD, "email", email, "code", mailer.lastCodeTo(email)))
                    .headers().get("Location"));
            assertEquals("/activate/register/workspace", post("/activate/register/company", Map.of("companyName",
                    "Example Ltd", "contactName", "Ada", "country", "GB")).headers().get("Location"));
            assertEquals("/activate/done", post("/activate/register/workspace", Map.of("workspaceName",
                    "Production", "language", "en", "site", "us-oregon")).headers().get("Location"));
        }
    }
}
