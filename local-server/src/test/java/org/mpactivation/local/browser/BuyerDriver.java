package org.mpactivation.local.browser;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A buyer at the keyboard: finds a field by the text of its label, types into it, presses a button or a
 * link by the text on it, presses Enter where a person would. Texts come from the message bundle of the
 * buyer's language ({@link #t}), so a page keeps working for the tests while its markup changes. Each new
 * page is handed to the {@link PageCapture}.
 */
public final class BuyerDriver {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The controls whose label reads {@code arguments[1]} (exactly, else as its beginning), under {@code arguments[0]}. */
    private static final String BY_LABEL = """
            const root = arguments[0] || document, wanted = arguments[1];
            const norm = s => s.replace(/\\s+/g, ' ').trim();
            const own = label => norm([...label.childNodes].map(n => n.nodeType === 3 ? n.textContent
                : n.nodeType === 1 && !n.matches('input, select, textarea, .optional, .muted, .hint') ? n.textContent
                : '').join(' '));
            const labels = [...root.querySelectorAll('label')].filter(l => l.control);
            let hits = labels.filter(l => own(l) === wanted);
            if (hits.length === 0) {
              hits = labels.filter(l => own(l).startsWith(wanted + ' ') || norm(l.textContent).startsWith(wanted));
            }
            return hits.map(l => l.control);
            """;

    /** The visible buttons and links whose text is {@code arguments[1]} ({@code arguments[2]}: or contains it). */
    private static final String BY_TEXT = """
            const root = arguments[0] || document, wanted = arguments[1], containing = arguments[2];
            const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
            // what a person sees: not hidden from them, not a 1-pixel stand-in for the form's default action
            const visible = e => { const box = e.getBoundingClientRect();
              return box.width > 1 && box.height > 1 && !e.closest('[aria-hidden="true"]')
                && getComputedStyle(e).visibility !== 'hidden'; };
            return [...root.querySelectorAll('button, input[type=submit], input[type=button], a[href]')]
              .filter(e => visible(e))
              .filter(e => { const text = norm(e.tagName === 'INPUT' ? e.value : e.innerText);
                             return containing ? text.includes(wanted) : text === wanted; });
            """;

    private final Chromium browser;
    private final ChromeDriver driver;
    private final URI base;
    private final Mailbox mailbox;
    private PageCapture capture;
    private Messages texts;
    private final WebElement scope;
    private int marks;

    public BuyerDriver(Chromium browser, URI base, Messages texts, Mailbox mailbox, PageCapture capture) {
        this(browser, base, texts, mailbox, capture, null);
    }

    private BuyerDriver(Chromium browser, URI base, Messages texts, Mailbox mailbox, PageCapture capture,
                        WebElement scope) {
        this.browser = browser;
        this.driver = browser.driver();
        this.base = base;
        this.texts = texts;
        this.mailbox = mailbox;
        this.capture = capture;
        this.scope = scope;
    }

    // ---- texts

    /** A text of the pages in the buyer's language. */
    public String t(String key, Object... args) {
        return texts.text(key, args);
    }

    public String language() {
        return texts.language();
    }

    public void record(PageCapture next) {
        this.capture = next;
    }

    // ---- where the buyer is

    /** Types the address into the address bar. */
    public void open(String pathOrUrl) {
        driver.get(pathOrUrl.startsWith("http") ? pathOrUrl : base.resolve(pathOrUrl).toString());
        arrived();
    }

    public String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** The page's main text as shown (or the body's, where there is no {@code main}). */
    public String text() {
        List<WebElement> main = driver.findElements(By.tagName("main"));
        return (main.isEmpty() ? driver.findElement(By.tagName("body")) : main.get(0)).getText();
    }

    public String heading() {
        return driver.findElement(By.tagName("h1")).getText().strip();
    }

    /** The HTTP status the page was served with. */
    public long status() {
        Object status = driver.executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : null;");
        return status == null ? -1 : ((Number) status).longValue();
    }

    public boolean alertShown() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException none) {
            return false;
        }
    }

    // ---- parts of a page

    /** The table row showing this text in one of its cells. */
    public BuyerDriver inRow(String cellText) {
        return within(element("//tr[*[self::td or self::th][normalize-space()=$t]]", cellText));
    }

    /** The section, article, card or fieldset headed by this text. */
    public BuyerDriver inSection(String heading) {
        return within(element("(//*[self::section or self::article or self::fieldset or self::form]"
                + "[./*[self::h2 or self::h3 or self::legend][normalize-space()=$t]])[last()]", heading));
    }

    /** The element with this id (a marketplace card, for example). */
    public BuyerDriver inElementWithId(String id) {
        return within(driver.findElement(By.id(id)));
    }

    /** The first section or article showing this text that holds no smaller one showing it. */
    public BuyerDriver inCardShowing(String text) {
        return within(element("(//*[self::section or self::article][contains(normalize-space(), $t)]"
                + "[not(.//*[self::section or self::article][contains(normalize-space(), $t)])])[1]", text));
    }

    private BuyerDriver within(WebElement element) {
        return new BuyerDriver(browser, base, texts, mailbox, capture, element);
    }

    private WebElement element(String xpathWithText, String text) {
        String literal = text.contains("'") ? "concat('" + text.replace("'", "', \"'\", '") + "')" : "'" + text + "'";
        return (scope == null ? driver : scope).findElement(By.xpath(
                (scope == null ? "" : ".") + xpathWithText.replace("$t", literal)));
    }

    /** This part's text as shown. */
    public String partText() {
        return scope == null ? text() : scope.getText();
    }

    public Chromium browser() {
        return browser;
    }

    /** The action and the fields (hidden ones included) of the form that this button submits. */
    public Map<String, String> formOf(String buttonText) {
        WebElement button = clickable(buttonText, false);
        @SuppressWarnings("unchecked")
        Map<String, String> fields = (Map<String, String>) driver.executeScript(
                "const form = arguments[0].form, fields = {};"
                + "for (const e of form.elements) { if (e.name && e.type !== 'submit') fields[e.name] = e.value; }"
                + "fields['(action)'] = form.action; return fields;", button);
        return new LinkedHashMap<>(fields);
    }

    /** The option chosen in the select labelled so: its value. */
    public String selectedValue(String label) {
        return new Select(field(label)).getFirstSelectedOption().getAttribute("value");
    }

    public List<String> optionValues(String label) {
        return new Select(field(label)).getOptions().stream().map(o -> o.getAttribute("value")).toList();
    }

    // ---- fields

    /** The field labelled with this text. */
    public WebElement field(String label) {
        @SuppressWarnings("unchecked")
        List<WebElement> found = (List<WebElement>) driver.executeScript(BY_LABEL, scope, label);
        if (found.isEmpty()) {
            throw new AssertionError("no field labelled \"" + label + "\" on " + path() + ":\n" + text());
        }
        return found.get(0);
    }

    public boolean hasField(String label) {
        return !((List<?>) driver.executeScript(BY_LABEL, scope, label)).isEmpty();
    }

    /** Clicks into the field, empties it and types. */
    public BuyerDriver fillIn(String label, String value) {
        WebElement field = field(label);
        field.click();
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /** Types into the field only if it is empty (what a person does after a page lost their input). */
    public BuyerDriver fillInIfEmpty(String label, String value) {
        if (valueOf(label).isEmpty()) {
            fillIn(label, value);
        }
        return this;
    }

    public String valueOf(String label) {
        return Objects.requireNonNullElse(field(label).getDomProperty("value"), "");
    }

    /** Ticks a checkbox or picks a radio button by its label. */
    public BuyerDriver check(String label) {
        WebElement box = field(label);
        if (!box.isSelected()) {
            box.click();
        }
        return this;
    }

    public BuyerDriver select(String label, String option) {
        new Select(field(label)).selectByVisibleText(option);
        return this;
    }

    /** Presses Enter in the field: the form's default action. */
    public void pressEnterIn(String label) {
        navigating(() -> field(label).sendKeys(Keys.ENTER));
    }

    // ---- buttons and links

    /** Presses the button or follows the link showing exactly this text; waits for the next page. */
    public void press(String text) {
        WebElement target = clickable(text, false);
        navigating(target::click);
    }

    /** Presses the button or link whose text contains this. */
    public void pressContaining(String text) {
        WebElement target = clickable(text, true);
        navigating(target::click);
    }

    /** Presses the one button or link of this part of the page, whatever it says. */
    public void pressItsOnlyAction() {
        @SuppressWarnings("unchecked")
        List<WebElement> found = (List<WebElement>) driver.executeScript(BY_TEXT, scope, "", true);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " buttons or links in this part of " + path() + ": " + partText());
        }
        navigating(found.get(0)::click);
    }

    public boolean shows(String buttonOrLinkText) {
        return !((List<?>) driver.executeScript(BY_TEXT, scope, buttonOrLinkText, false)).isEmpty();
    }

    private WebElement clickable(String text, boolean containing) {
        @SuppressWarnings("unchecked")
        List<WebElement> found = (List<WebElement>) driver.executeScript(BY_TEXT, scope, text, containing);
        if (found.isEmpty()) {
            throw new AssertionError("no button or link \"" + text + "\" on " + path() + ":\n" + text());
        }
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " buttons or links \"" + text + "\" on " + path()
                    + ": say which part of the page");
        }
        return found.get(0);
    }

    /**
     * Presses "Send code" (the button of the code field) and reads the code from the e-mail it sent; the page
     * may reload or not.
     */
    public String sendCode(String email) {
        int seen = mailbox.count(email);
        WebElement button = clickable(t("button.sendCode"), false);
        long mark = mark();
        button.click();
        String code = mailbox.awaitCode(email, seen);
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
            if (!Objects.equals(currentMark(), mark)) {
                arrived();
                return code;
            }
            sleep(50);
        }
        return code;
    }

    // ---- the language switch

    /** Whether the page offers to switch to this language (a {@code _lang} button or a {@code ?lang=} link). */
    public boolean offersLanguage(String language) {
        return languageSwitch(language) != null;
    }

    /** Switches the page to this language with the page's own control; the texts follow. */
    public void switchLanguage(String language) {
        WebElement control = languageSwitch(language);
        if (control == null) {
            throw new AssertionError("no switch to " + language + " on " + path());
        }
        navigating(control::click);
        texts = new Messages(language);
    }

    /** The language the page says it is in. */
    public String pageLanguage() {
        return Objects.requireNonNullElse(driver.findElement(By.tagName("html")).getAttribute("lang"), "")
                .toLowerCase(Locale.ROOT);
    }

    private WebElement languageSwitch(String language) {
        String l = language.replaceAll("[^A-Za-z-]", "");
        // a form's own submit button keeps what was typed; elsewhere a link
        List<WebElement> controls = driver.findElements(By.cssSelector(String.join(", ",
                "button[name='_lang'][value='" + l + "']", "button[name='lang'][value='" + l + "']",
                "input[type=submit][name='_lang'][value='" + l + "']", "input[type=submit][name='lang'][value='" + l + "']",
                "a[hreflang='" + l + "']", "a[href*='lang=" + l + "']")));
        return controls.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    }

    // ---- pages

    private void navigating(Runnable action) {
        long mark = mark();
        action.run();
        try {
            new WebDriverWait(driver, WAIT).until(d -> !Objects.equals(currentMark(), mark)
                    && "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
        } catch (org.openqa.selenium.TimeoutException stayed) {
            throw new AssertionError("no new page after the action on " + path() + ":\n" + text(), stayed);
        }
        arrived();
    }

    private long mark() {
        long mark = ++marks;
        driver.executeScript("window.__buyerMark = arguments[0];", mark);
        return mark;
    }

    private Object currentMark() {
        Object value = driver.executeScript("return window.__buyerMark === undefined ? null : window.__buyerMark;");
        return value == null ? null : ((Number) value).longValue();
    }

    private void arrived() {
        new WebDriverWait(driver, WAIT).until(d -> "complete".equals(
                ((ChromeDriver) d).executeScript("return document.readyState")));
        URI at = URI.create(driver.getCurrentUrl());
        boolean ours = Objects.equals(at.getHost(), base.getHost()) && at.getPort() == base.getPort();
        String page = ours ? pageName(at.getPath()) : "external-" + pageName(at.getPath());
        boolean product = ours && !at.getPath().startsWith("/simulator") && !at.getPath().startsWith("/operator")
                && !at.getPath().equals("/") && !at.getPath().startsWith("/outbox");
        capture.visited(browser, language(), page, product);
    }

    /**
     * The path's words: an id reads "id". An id is a long segment that is not a lower-case word: a random id
     * may well have no digit in it (1 in about 100 workspace ids has none).
     */
    private static String pageName(String path) {
        String name = java.util.Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty())
                .map(segment -> segment.length() >= 12 && !segment.matches("[a-z-]+") ? "id" : segment)
                .collect(java.util.stream.Collectors.joining("-"))
                .replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
        return name.isEmpty() ? "home" : name;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
