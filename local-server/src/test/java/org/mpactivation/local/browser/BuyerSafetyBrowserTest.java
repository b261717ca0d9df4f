package org.mpactivation.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.local.browser.BuyerPaths.Account;

/**
 * What a browser must not be able to do to a buyer's activation: submit one of its forms from a page of
 * another origin, carry it on in a second browser profile, or run a script typed into a field.
 */
class BuyerSafetyBrowserTest {

    private static final String SCRIPT = "\"><img src=x onerror=alert(1)><script>alert(2)</script>";
    /** Within the 50 characters a workspace name may have. */
    private static final String WORKSPACE_SCRIPT = "<b>Lab</b><script>alert(3)</script>";
    private static LocalSite site;
    private static ForeignSite foreign;
    private static Chromium browser;
    private Chromium secondProfile;

    @BeforeAll
    static void start() {
        site = new LocalSite();
        foreign = new ForeignSite();
        browser = Chromium.start("en");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (foreign != null) {
            foreign.close();
        }
        if (site != null) {
            site.close();
        }
    }

    @AfterEach
    void forget() {
        browser.clearCookies();
        if (secondProfile != null) {
            secondProfile.close();
        }
    }

    /**
     * A page of another origin submits the site picker of the buyer's bind page to another site: from another
     * site (no session cookie goes with it), from the same site on another port without the form's token, and
     * with the token itself (the origin check). Each is refused and the site stays as it was.
     */
    @Test
    void aFormPostedFromAnotherOriginIsRefusedAndChangesNothing() {
        BuyerDriver buyer = site.buyer(browser, "en", PageCapture.screenshots("cross-site-post"));
        BuyerPaths.subscribeOnAws(buyer, BuyerPaths.freshAwsAccountId());
        BuyerPaths.setUpYourAccount(buyer);
        buyer.inSection(buyer.t("start.bind.title")).pressItsOnlyAction();
        String siteLabel = buyer.t("field.site");
        String chosen = buyer.selectedValue(siteLabel);
        String other = buyer.optionValues(siteLabel).stream().filter(id -> !id.equals(chosen)).findFirst()
                .orElseThrow(() -> new AssertionError("only one site to choose from"));
        Map<String, String> picker = buyer.formOf(buyer.t("button.chooseSite"));
        URI action = URI.create(picker.remove("(action)"));
        assertEquals(site.base().resolve("/activate/site"), action);
        String token = picker.get("_csrf");

        Map<String, String> forged = new LinkedHashMap<>(Map.of("site", other));
        attack(buyer, "127.0.0.1", "/another-site", action, forged, List.of(401L, 403L));
        attack(buyer, "localhost", "/same-site-no-token", action, forged, List.of(403L));
        forged.put("_csrf", token);
        attack(buyer, "localhost", "/same-site-stolen-token", action, forged, List.of(403L));

        // the buyer's own form still works
        buyer.select(siteLabel, optionText(buyer, siteLabel, other));
        buyer.press(buyer.t("button.chooseSite"));
        assertEquals(other, buyer.selectedValue(siteLabel));
    }

    private void attack(BuyerDriver buyer, String host, String path, URI action, Map<String, String> fields,
                        List<Long> refusals) {
        String before = buyer.selectedValue(buyer.t("field.site"));
        buyer.open(foreign.formPage(host, path, "Win a prize", action, fields, "Claim").toString());
        buyer.press("Claim");
        assertTrue(refusals.contains(buyer.status()), path + " answered " + buyer.status() + ": " + buyer.text());
        assertEquals(buyer.t("error.title"), buyer.heading(), buyer.text());
        buyer.open("/activate/bind");
        assertEquals(before, buyer.selectedValue(buyer.t("field.site")), path + " changed the site");
    }

    private static String optionText(BuyerDriver buyer, String label, String value) {
        return new org.openqa.selenium.support.ui.Select(buyer.field(label)).getOptions().stream()
                .filter(option -> value.equals(option.getAttribute("value"))).findFirst().orElseThrow().getText();
    }

    /**
     * The marketplace link of an activation the buyer has begun, opened in a second browser profile (the link
     * forwarded, or copied): refused there, while the first browser carries on to the end.
     */
    @Test
    void anActivationOpenedInASecondBrowserProfileIsRefused() {
        BuyerDriver buyer = site.buyer(browser, "en", PageCapture.screenshots("second-profile"));
        BuyerPaths.subscribeOnAws(buyer, BuyerPaths.freshAwsAccountId());
        Map<String, String> marketplaceForm = buyer.formOf("Set up your account");
        URI fulfillment = URI.create(marketplaceForm.remove("(action)"));
        BuyerPaths.setUpYourAccount(buyer);
        buyer.inSection(buyer.t("start.register.title")).pressItsOnlyAction();
        Account account = Account.fresh("ada");
        BuyerPaths.basicInformation(buyer, account);
        assertEquals(buyer.t("company.title"), buyer.heading(), buyer.text());

        secondProfile = Chromium.start("en");
        BuyerDriver other = site.buyer(secondProfile, "en", PageCapture.screenshots("second-profile-other"));
        other.open(foreign.formPage("127.0.0.1", "/marketplace", "AWS Marketplace", fulfillment, marketplaceForm,
                "Set up your account").toString());
        other.press("Set up your account");
        assertTrue(List.of(403L, 409L).contains(other.status()), other.status() + ": " + other.text());
        assertTrue(other.text().contains(other.t("error.session.heldElsewhere")), other.text());
        other.open("/activate/register/company");
        assertNotEquals(200, other.status(), other.text());
        assertFalse(other.text().contains(account.username()) || other.text().contains(account.email()),
                "nothing of the buyer's shows: " + other.text());

        buyer.open("/activate/register/company");
        assertEquals(buyer.t("company.title"), buyer.heading(), buyer.text());
        buyer.fillIn(buyer.t("field.companyName"), "Analytical Engines Ltd");
        buyer.fillIn(buyer.t("field.contactName"), "Ada Lovelace");
        buyer.fillIn(buyer.t("field.country"), "United Kingdom");
        buyer.press(buyer.t("button.register"));
        buyer.fillIn(buyer.t("field.workspaceName"), "Difference");
        buyer.check(buyer.t("language.en"));
        buyer.press(buyer.t("button.activate"));
        BuyerPaths.assertActivated(buyer, "Difference");
    }

    /**
     * Markup and a script typed as a company name (refused once for a missing field, so the page shows it
     * again) and as a workspace name: shown as the text typed, nothing runs, nothing is added to the page.
     */
    @Test
    void aScriptTypedIntoACompanyNameIsShownAsText() {
        BuyerDriver buyer = site.buyer(browser, "en", PageCapture.screenshots("script-as-text"));
        BuyerPaths.subscribeOnAws(buyer, BuyerPaths.freshAwsAccountId());
        BuyerPaths.setUpYourAccount(buyer);
        buyer.inSection(buyer.t("start.register.title")).pressItsOnlyAction();
        BuyerPaths.basicInformation(buyer, Account.fresh("mallory"));

        buyer.fillIn(buyer.t("field.companyName"), SCRIPT);
        buyer.fillIn(buyer.t("field.country"), "United Kingdom");
        buyer.press(buyer.t("button.register"));
        assertFalse(buyer.alertShown(), "a script ran");
        assertEquals(buyer.t("company.title"), buyer.heading(), "refused for the missing contact: " + buyer.text());
        assertEquals(SCRIPT, buyer.valueOf(buyer.t("field.companyName")), "the company name is kept as typed");
        assertNoInjectedElements(buyer);

        buyer.fillIn(buyer.t("field.contactName"), "Mallory");
        buyer.press(buyer.t("button.register"));
        buyer.fillIn(buyer.t("field.workspaceName"), WORKSPACE_SCRIPT);
        buyer.check(buyer.t("language.en"));
        buyer.press(buyer.t("button.activate"));
        assertFalse(buyer.alertShown(), "a script ran");
        BuyerPaths.assertActivated(buyer, WORKSPACE_SCRIPT);
        assertNoInjectedElements(buyer);

        String accounts = site.operator().get("/operator/accounts").body();
        assertFalse(accounts.contains("<script>alert(2)</script>"), "the operator view shows it as text");
    }

    private static void assertNoInjectedElements(BuyerDriver buyer) {
        Object injected = buyer.browser().driver().executeScript(
                "return document.querySelectorAll('script, img[onerror], [onerror]').length;");
        assertEquals(0L, injected, "elements from the typed text");
    }
}
