package org.mpactivation.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The buyer's paths through the marketplace simulators and the activation pages, step by step as a person
 * takes them. The simulators' pages are the marketplaces' (English, as the local stand-ins show them); the
 * activation pages are read in the buyer's language.
 */
public final class BuyerPaths {

    private static final AtomicInteger NEXT = new AtomicInteger(1);

    /** A Billing Center account: its username, the e-mail its codes go to, its password. */
    public record Account(String username, String email, String password) {
        public static Account fresh(String who) {
            int n = NEXT.getAndIncrement();
            return new Account(who + "_" + n, who + "." + n + "@example.com", "analytical engine " + (1840 + n));
        }
    }

    /** A 12-digit AWS account id no other walk uses. */
    public static String freshAwsAccountId() {
        return String.format("%012d", 400_000_000_000L + NEXT.getAndIncrement() * 7919L);
    }

    private BuyerPaths() {
    }

    // ---- AWS Marketplace

    /** Subscribes on the simulated AWS Marketplace as this AWS account, up to its "Set up your account" page. */
    public static void subscribeOnAws(BuyerDriver buyer, String awsAccountId) {
        buyer.open("/simulator/aws");
        buyer.fillIn("Buyer's AWS account id", awsAccountId);
        buyer.press("Continue to Subscribe");
        assertTrue(buyer.path().startsWith("/simulator/aws/subscribe"), buyer.url());
    }

    /** On the marketplace's page after subscribing: "Set up your account", to our fulfillment URL. */
    public static void setUpYourAccount(BuyerDriver buyer) {
        buyer.press("Set up your account");
        assertTrue(buyer.path().startsWith("/activate"), buyer.url());
    }

    // ---- the activation pages

    /**
     * The buyer reads the pages in their language: as served, or after the page's language switch. Where the
     * page offers no switch to it yet, the test is skipped (an assumption), not failed.
     */
    public static void speak(BuyerDriver buyer) {
        if (buyer.pageLanguage().startsWith(buyer.language())) {
            return;
        }
        assumeTrue(buyer.offersLanguage(buyer.language()), "the activation pages have no switch to "
                + buyer.language() + " yet (" + buyer.path() + " is in '" + buyer.pageLanguage() + "')");
        buyer.switchLanguage(buyer.language());
    }

    /** From the start page: no Billing Center account yet, register one, activate with a new workspace. */
    public static void register(BuyerDriver buyer, Account account, String company, String workspace) {
        assertEquals("/activate/start", buyer.path(), buyer.text());
        assertEquals(buyer.t("start.title"), buyer.heading());
        buyer.inSection(buyer.t("start.register.title")).pressItsOnlyAction();

        assertEquals(buyer.t("register.title"), buyer.heading());
        basicInformation(buyer, account);

        assertEquals(buyer.t("company.title"), buyer.heading(), buyer.text());
        buyer.fillIn(buyer.t("field.companyName"), company);
        buyer.fillIn(buyer.t("field.contactName"), "Ada Lovelace");
        buyer.fillIn(buyer.t("field.country"), "United Kingdom");
        // the optional address stays empty: Enter in the last field typed sends the form, as "Register" does
        buyer.pressEnterIn(buyer.t("field.country"));

        assertEquals(buyer.t("activation.title"), buyer.heading(), buyer.text());
        buyer.fillIn(buyer.t("field.workspaceName"), workspace);
        buyer.check(buyer.t("language.en"));
        buyer.press(buyer.t("button.activate"));
        assertActivated(buyer, workspace);
    }

    /** The register page's fields, the code from the e-mail, and "Next". */
    public static void basicInformation(BuyerDriver buyer, Account account) {
        buyer.fillIn(buyer.t("field.username"), account.username());
        buyer.fillIn(buyer.t("field.password"), account.password());
        buyer.fillIn(buyer.t("field.passwordConfirmation"), account.password());
        buyer.fillIn(buyer.t("field.email"), account.email());
        String code = buyer.sendCode(account.email());
        assertTrue(buyer.text().contains(buyer.t("register.codeSent", mask(account.email())))
                        || buyer.text().contains(mask(account.email())), buyer.text());
        // what the page kept is not typed again; what it lost is
        buyer.fillInIfEmpty(buyer.t("field.username"), account.username());
        buyer.fillInIfEmpty(buyer.t("field.password"), account.password());
        buyer.fillInIfEmpty(buyer.t("field.passwordConfirmation"), account.password());
        buyer.fillInIfEmpty(buyer.t("field.email"), account.email());
        buyer.fillIn(buyer.t("field.code"), code);
        buyer.press(buyer.t("button.next"));
    }

    /** From the start page: an existing Billing Center account, its code, and the workspaces page. */
    public static void bindAccount(BuyerDriver buyer, Account account) {
        assertEquals("/activate/start", buyer.path(), buyer.text());
        buyer.inSection(buyer.t("start.bind.title")).pressItsOnlyAction();

        assertEquals(buyer.t("bind.title"), buyer.heading());
        buyer.fillIn(buyer.t("field.billingUsername"), account.username());
        String code = buyer.sendCode(account.email());
        buyer.fillInIfEmpty(buyer.t("field.billingUsername"), account.username());
        buyer.fillIn(buyer.t("field.code"), code);
        buyer.press(buyer.t("button.bind"));
        assertEquals(buyer.t("workspaces.title"), buyer.heading(), buyer.text());
    }

    /** From the workspaces page: a new workspace for the console account the buyer has. */
    public static void createWorkspaceForConsoleAccount(BuyerDriver buyer, Account console, String workspace) {
        buyer.press(buyer.t("workspaces.create.existing"));
        assertEquals(buyer.t("createExisting.title"), buyer.heading());
        buyer.fillIn(buyer.t("field.workspaceName"), workspace);
        buyer.check(buyer.t("language.en"));
        buyer.fillIn(buyer.t("field.consoleEmail"), console.email());
        String code = buyer.sendCode(console.email());
        buyer.fillInIfEmpty(buyer.t("field.workspaceName"), workspace);
        buyer.check(buyer.t("language.en"));
        buyer.fillInIfEmpty(buyer.t("field.consoleEmail"), console.email());
        buyer.fillIn(buyer.t("field.code"), code);
        buyer.check(buyer.t("field.terms"));
        buyer.press(buyer.t("button.create"));
        assertEquals(buyer.t("workspaces.title"), buyer.heading(), buyer.text());
        assertEquals(buyer.t("workspaces.bound"), boundState(buyer, workspace));
    }

    /** From the workspaces page: a console account registered together with a new workspace. */
    public static void createWorkspaceWithNewConsoleAccount(BuyerDriver buyer, Account console, String workspace) {
        buyer.press(buyer.t("workspaces.create.newAccount"));
        assertEquals(buyer.t("createNew.title"), buyer.heading());
        buyer.fillIn(buyer.t("field.workspaceName"), workspace);
        buyer.check(buyer.t("language.en"));
        buyer.fillIn(buyer.t("field.username"), console.username());
        buyer.fillIn(buyer.t("field.password"), console.password());
        buyer.fillIn(buyer.t("field.passwordConfirmation"), console.password());
        buyer.fillIn(buyer.t("field.email"), console.email());
        String code = buyer.sendCode(console.email());
        buyer.fillInIfEmpty(buyer.t("field.workspaceName"), workspace);
        buyer.check(buyer.t("language.en"));
        buyer.fillInIfEmpty(buyer.t("field.username"), console.username());
        buyer.fillInIfEmpty(buyer.t("field.password"), console.password());
        buyer.fillInIfEmpty(buyer.t("field.passwordConfirmation"), console.password());
        buyer.fillInIfEmpty(buyer.t("field.email"), console.email());
        buyer.fillIn(buyer.t("field.code"), code);
        buyer.check(buyer.t("field.terms"));
        buyer.press(buyer.t("button.registerAndCreate"));
        assertEquals(buyer.t("workspaces.title"), buyer.heading(), buyer.text());
        assertEquals(buyer.t("workspaces.bound"), boundState(buyer, workspace));
    }

    /** On the workspaces page: "Bind" in the workspace's row, then "Bind" again on the question that follows. */
    public static void bindWorkspace(BuyerDriver buyer, String workspace) {
        buyer.inRow(workspace).press(buyer.t("button.bind"));
        assertEquals(buyer.t("bindConfirm.title"), buyer.heading());
        assertTrue(buyer.text().contains(workspace), buyer.text());
        buyer.press(buyer.t("button.bind"));
        assertEquals(buyer.t("workspaces.title"), buyer.heading(), buyer.text());
        assertEquals(buyer.t("workspaces.bound"), boundState(buyer, workspace));
    }

    /** On the workspaces page with a bound workspace: "Activate", and the activation succeeds. */
    public static void confirmWorkspaces(BuyerDriver buyer, String... workspaces) {
        buyer.press(buyer.t("button.activate"));
        assertActivated(buyer, workspaces);
    }

    public static void assertActivated(BuyerDriver buyer, String... workspaces) {
        assertEquals("/activate/done", buyer.path(), buyer.text());
        assertEquals(buyer.t("done.title"), buyer.heading());
        for (String workspace : workspaces) {
            assertTrue(buyer.text().contains(workspace), workspace + " not on: " + buyer.text());
        }
    }

    private static String boundState(BuyerDriver buyer, String workspace) {
        String row = buyer.inRow(workspace).text();
        return row.contains(buyer.t("workspaces.bound")) ? buyer.t("workspaces.bound") : row;
    }

    /** The e-mail address as the pages show it: first letter, stars, domain. */
    static String mask(String email) {
        int at = email.indexOf('@');
        return email.charAt(0) + "***" + email.substring(at);
    }

    // ---- Azure Marketplace

    /** Buys the per-seat plan on the simulated Azure Marketplace; the new subscription's card id. */
    public static String subscribeOnAzure(BuyerDriver buyer, String email) {
        buyer.open("/simulator/azure");
        buyer.fillIn("Buyer's e-mail", email);
        buyer.fillIn("Buyer's name", "Ada Buyer");
        buyer.press("Subscribe");
        String url = buyer.url();
        assertTrue(url.contains("#subscription-"), url);
        return url.substring(url.indexOf('#') + 1);
    }

    /** "Configure account" on the subscription's card, and the sign-in on the Entra ID stand-in's page. */
    public static void configureAccountAndSignIn(BuyerDriver buyer, String card, String email) {
        buyer.inElementWithId(card).press("Configure account");
        assertTrue(buyer.path().endsWith("/oauth2/v2.0/authorize"), "Entra's sign-in page: " + buyer.url());
        buyer.pressContaining("<" + email + ">");
        assertTrue(buyer.path().startsWith("/activate"), buyer.url());
    }
}
