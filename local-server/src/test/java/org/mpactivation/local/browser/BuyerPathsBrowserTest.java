package org.mpactivation.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.local.browser.BuyerPaths.Account;

/**
 * Every path a buyer takes, clicked and typed in headless Chromium in each language: the AWS register path,
 * the AWS bind path with workspace creation, the rebind of a released workspace and the Azure path. Each
 * code is read from the e-mail the test SMTP server received; every page is saved as a screenshot at 375
 * and 1440 px in {@code target/screenshots/<test>/}.
 *
 * <p>A language other than English runs once the pages offer it: the browser asks for it first
 * (Accept-Language), and where a page comes in another language, the buyer uses the page's language switch;
 * a page without one skips the run.
 */
class BuyerPathsBrowserTest {

    private static LocalSite site;
    private static final Map<String, Chromium> BROWSERS = new ConcurrentHashMap<>();

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh"})
    void awsRegisterPath(String language) {
        BuyerDriver buyer = buyer(language, "aws-register");
        Account account = Account.fresh("ada");

        BuyerPaths.subscribeOnAws(buyer, BuyerPaths.freshAwsAccountId());
        BuyerPaths.setUpYourAccount(buyer);
        BuyerPaths.speak(buyer);
        BuyerPaths.register(buyer, account, "Analytical Engines Ltd", "Difference");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh"})
    void awsBindPathWithWorkspaceCreation(String language) {
        Account existing = Account.fresh("grace");
        BuyerDriver earlier = buyer(language, "aws-bind");
        earlier.record(PageCapture.none());
        BuyerPaths.subscribeOnAws(earlier, BuyerPaths.freshAwsAccountId());
        BuyerPaths.setUpYourAccount(earlier);
        BuyerPaths.speak(earlier);
        BuyerPaths.register(earlier, existing, "Compilers Inc", "Harvard");

        BuyerDriver buyer = buyer(language, "aws-bind");
        BuyerPaths.subscribeOnAws(buyer, BuyerPaths.freshAwsAccountId());
        BuyerPaths.setUpYourAccount(buyer);
        BuyerPaths.speak(buyer);
        BuyerPaths.bindAccount(buyer, existing);
        assertTrue(buyer.inRow("Harvard").partText().contains(buyer.t("workspaces.billedThroughAws"))
                || buyer.inRow("Harvard").partText().contains(buyer.t("workspaces.otherChannel")),
                "the first subscription's workspace is billed there: " + buyer.text());
        BuyerPaths.createWorkspaceForConsoleAccount(buyer, existing, "Mark I");
        BuyerPaths.createWorkspaceWithNewConsoleAccount(buyer, Account.fresh("hopper"), "UNIVAC");
        BuyerPaths.confirmWorkspaces(buyer, "Mark I", "UNIVAC");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh"})
    void rebindOfAReleasedWorkspace(String language) {
        BuyerDriver buyer = buyer(language, "aws-rebind");
        String awsAccount = BuyerPaths.freshAwsAccountId();
        BuyerPaths.subscribeOnAws(buyer, awsAccount);
        BuyerPaths.setUpYourAccount(buyer);
        BuyerPaths.speak(buyer);
        BuyerPaths.register(buyer, Account.fresh("alan"), "Bletchley Ltd", "Bombe");

        // the subscription ends; its final report goes out with the next metering run, which releases the workspace
        buyer.open("/simulator/aws");
        buyer.inCardShowing(awsAccount).press("unsubscribe-success");
        site.runJob("metering");

        // the same AWS account buys again and binds the released workspace
        buyer.open("/simulator/aws");
        buyer.inCardShowing(awsAccount).press("Subscribe again");
        BuyerPaths.setUpYourAccount(buyer);
        BuyerPaths.speak(buyer);
        assertEquals(buyer.t("workspaces.title"), buyer.heading(), buyer.text());
        BuyerPaths.bindWorkspace(buyer, "Bombe");
        BuyerPaths.confirmWorkspaces(buyer, "Bombe");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh"})
    void azurePath(String language) {
        BuyerDriver buyer = buyer(language, "azure");
        Account account = Account.fresh("katherine");

        String card = BuyerPaths.subscribeOnAzure(buyer, account.email());
        BuyerPaths.configureAccountAndSignIn(buyer, card, account.email());
        BuyerPaths.speak(buyer);
        BuyerPaths.register(buyer, account, "Contoso", "Langley");
        buyer.open("/simulator/azure");
        assertTrue(buyer.inElementWithId(card).partText().contains("Subscribed"), "activating tells the marketplace");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh"})
    void switchingTheLanguageInTheMiddleOfAFormKeepsWhatWasTyped(String language) {
        BuyerDriver buyer = buyer(language, "language-switch");
        Account account = Account.fresh("mary");
        BuyerPaths.subscribeOnAws(buyer, BuyerPaths.freshAwsAccountId());
        BuyerPaths.setUpYourAccount(buyer);
        BuyerPaths.speak(buyer);
        buyer.inSection(buyer.t("start.register.title")).pressItsOnlyAction();
        buyer.fillIn(buyer.t("field.username"), account.username());
        buyer.fillIn(buyer.t("field.email"), account.email());

        String other = "en".equals(language) ? "zh" : "en";
        assumeTrue(buyer.offersLanguage(other), "the register page has no switch to " + other + " yet");
        buyer.switchLanguage(other);
        assertTrue(buyer.pageLanguage().startsWith(other), "the page is in " + buyer.pageLanguage());
        assertEquals(buyer.t("register.title"), buyer.heading());
        assertEquals(account.username(), buyer.valueOf(buyer.t("field.username")));
        assertEquals(account.email(), buyer.valueOf(buyer.t("field.email")));
    }

    /**
     * Enter in the code field, the last one a person fills on the bind page, takes the step's main action
     * ("Bind"), not the form's first button ("Send code").
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh"})
    void enterInTheCodeFieldTakesTheStepsMainAction(String language) {
        Account existing = Account.fresh("barbara");
        BuyerDriver earlier = buyer(language, "enter-key");
        earlier.record(PageCapture.none());
        BuyerPaths.subscribeOnAws(earlier, BuyerPaths.freshAwsAccountId());
        BuyerPaths.setUpYourAccount(earlier);
        BuyerPaths.speak(earlier);
        BuyerPaths.register(earlier, existing, "Liskov Ltd", "CLU");

        BuyerDriver buyer = buyer(language, "enter-key");
        BuyerPaths.subscribeOnAws(buyer, BuyerPaths.freshAwsAccountId());
        BuyerPaths.setUpYourAccount(buyer);
        BuyerPaths.speak(buyer);
        buyer.inSection(buyer.t("start.bind.title")).pressItsOnlyAction();
        buyer.fillIn(buyer.t("field.billingUsername"), existing.username());
        String code = buyer.sendCode(existing.email());
        int mails = site.mailbox().count(existing.email());
        buyer.fillInIfEmpty(buyer.t("field.billingUsername"), existing.username());
        buyer.fillIn(buyer.t("field.code"), code);
        buyer.pressEnterIn(buyer.t("field.code"));
        assertEquals(mails, site.mailbox().count(existing.email()), "Enter sent another code");
        assertEquals(buyer.t("workspaces.title"), buyer.heading(), buyer.text());
    }

    /** A buyer in this language's browser, as a new visitor; the pages go to {@code target/screenshots/<test>}. */
    private static BuyerDriver buyer(String language, String test) {
        Chromium browser = BROWSERS.computeIfAbsent(language, Chromium::start);
        browser.clearCookies();
        BuyerDriver buyer = site.buyer(browser, language, PageCapture.none());
        if (!"en".equals(language)) {
            // any activation page tells (this one: no session yet) before the walk starts
            buyer.open("/activate");
            BuyerPaths.speak(buyer);
            browser.clearCookies();
        }
        buyer.record(PageCapture.screenshots(test));
        return buyer;
    }
}
