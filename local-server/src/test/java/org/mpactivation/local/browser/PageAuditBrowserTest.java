package org.mpactivation.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.local.browser.BuyerPaths.Account;

/**
 * Every activation page a buyer can reach, checked in the browser: one walk per language through all the
 * paths (an error page, a refused form, register, bind with both ways of creating a workspace, the rebind,
 * Azure) in which each product page (not the marketplaces' or the operator's) is measured at 375 px and run
 * through axe-core. The walk runs once per language, for whichever test asks first;
 * {@code target/screenshots/page-audit-<lang>/report.txt} lists every finding, of any impact.
 */
class PageAuditBrowserTest {

    /** The pages every walk must have audited: each kind of activation page. */
    private static final List<String> EVERY_KIND = List.of("activate", "activate-start", "activate-register",
            "activate-register-company", "activate-register-workspace", "activate-bind", "activate-workspaces",
            "activate-workspaces-id-bind", "activate-workspaces-new-existing", "activate-workspaces-new-account",
            "activate-done");
    private static LocalSite site;
    private static final Map<String, Chromium> BROWSERS = new HashMap<>();
    private static final Map<String, PageCapture> AUDITS = new HashMap<>();

    @BeforeAll
    static void start() {
        site = new LocalSite();
    }

    @AfterAll
    static void stop() {
        BROWSERS.values().forEach(Chromium::close);
        if (site != null) {
            site.close();
        }
    }

    /** axe ran in every kind of page: the walk reached them all, and the checker works under the pages' CSP. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh"})
    void axeCoreRanInEveryKindOfPage(String language) {
        Set<String> reached = new TreeSet<>(audit(language).auditedPages());
        for (String page : EVERY_KIND) {
            assertTrue(reached.contains(page), page + " was not audited; audited: " + reached);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh"})
    void noPageHasASeriousOrCriticalAccessibilityViolation(String language) {
        List<Axe.Violation> blocking = audit(language).blockingViolations();
        assertTrue(blocking.isEmpty(), blocking.size() + " serious or critical axe-core violations:\n"
                + blocking.stream().map(Object::toString).collect(Collectors.joining("\n")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh"})
    void noPageScrollsSidewaysOnA375PxScreen(String language) {
        List<PageCapture.Overflow> overflows = audit(language).overflows();
        assertTrue(overflows.isEmpty(), overflows.size() + " pages scroll sideways at 375 px:\n"
                + overflows.stream().map(Object::toString).collect(Collectors.joining("\n")));
    }

    private static synchronized PageCapture audit(String language) {
        PageCapture done = AUDITS.get(language);
        if (done != null) {
            return done;
        }
        Chromium browser = BROWSERS.computeIfAbsent(language, Chromium::start);
        browser.clearCookies();
        PageCapture pages = PageCapture.audited("page-audit-" + language);
        walkEverywhere(site.buyer(browser, language, pages), browser);
        report(language, pages);
        AUDITS.put(language, pages);
        return pages;
    }

    private static void walkEverywhere(BuyerDriver buyer, Chromium browser) {
        // an activation page without a session: the error page (it tells whether the language is offered)
        buyer.open("/activate");
        BuyerPaths.speak(buyer);

        // register, with a form sent empty first: the page with its errors
        String awsAccount = BuyerPaths.freshAwsAccountId();
        Account account = Account.fresh("ada");
        BuyerPaths.subscribeOnAws(buyer, awsAccount);
        BuyerPaths.setUpYourAccount(buyer);
        BuyerPaths.speak(buyer);
        buyer.inSection(buyer.t("start.register.title")).pressItsOnlyAction();
        buyer.press(buyer.t("button.next"));
        assertEquals(buyer.t("register.title"), buyer.heading());
        buyer.open("/activate/start");
        BuyerPaths.register(buyer, account, "Analytical Engines Ltd", "Difference");

        // bind that account from another AWS account, and create a workspace both ways
        browser.clearCookies();
        BuyerPaths.subscribeOnAws(buyer, BuyerPaths.freshAwsAccountId());
        BuyerPaths.setUpYourAccount(buyer);
        BuyerPaths.speak(buyer);
        BuyerPaths.bindAccount(buyer, account);
        BuyerPaths.createWorkspaceForConsoleAccount(buyer, account, "Mark I");
        BuyerPaths.createWorkspaceWithNewConsoleAccount(buyer, Account.fresh("grace"), "UNIVAC");
        BuyerPaths.confirmWorkspaces(buyer, "Mark I", "UNIVAC");

        // the first subscription ends, the same AWS account buys again and binds the released workspace
        browser.clearCookies();
        buyer.open("/simulator/aws");
        buyer.inCardShowing(awsAccount).press("unsubscribe-success");
        site.runJob("metering");
        buyer.open("/simulator/aws");
        buyer.inCardShowing(awsAccount).press("Subscribe again");
        BuyerPaths.setUpYourAccount(buyer);
        BuyerPaths.speak(buyer);
        BuyerPaths.bindWorkspace(buyer, "Difference");
        BuyerPaths.confirmWorkspaces(buyer, "Difference");

        // Azure
        browser.clearCookies();
        Account azureBuyer = Account.fresh("katherine");
        String card = BuyerPaths.subscribeOnAzure(buyer, azureBuyer.email());
        BuyerPaths.configureAccountAndSignIn(buyer, card, azureBuyer.email());
        BuyerPaths.speak(buyer);
        BuyerPaths.register(buyer, azureBuyer, "Contoso", "Langley");
    }

    private static void report(String language, PageCapture pages) {
        StringBuilder text = new StringBuilder("Pages audited (" + language + "): ").append(pages.auditedPages())
                .append("\n\nPages wider than 375 px: ").append(pages.overflows().size()).append('\n');
        pages.overflows().forEach(overflow -> text.append("  ").append(overflow).append('\n'));
        text.append("\naxe-core violations (every impact): ").append(pages.violations().size()).append('\n');
        pages.violations().forEach(violation -> text.append("  ").append(violation).append('\n'));
        try {
            Path file = Path.of("target", "screenshots", "page-audit-" + language, "report.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
