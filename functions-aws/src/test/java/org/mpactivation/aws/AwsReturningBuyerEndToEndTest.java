package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import org.mpactivation.testkit.Browser;

/**
 * A buyer opens the marketplace link again. AWS Marketplace's "Set up your account" is a form POST
 * from another site, so the browser sends no SameSite=Lax session cookie with it: the answer must
 * come from the token and the store, before activation and after it.
 */
class AwsReturningBuyerEndToEndTest {

    private static final String MARKETPLACE = "https://aws.amazon.com";
    private static final Pattern HIDDEN = Pattern.compile(
            "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static ActivationHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new ActivationHarness();
    }

    @AfterEach
    void calmMarketplace() {
        harness.marketplace.faults().clear();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void givenProgressBeforeActivation_whenTheSameBrowserOpensTheLinkAgain_thenItResumesWhereItWas() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        String token = harness.marketplace.issueToken(customer);
        Buyer buyer = new Buyer(harness);
        buyer.arriveWithToken(token);
        buyer.enterRegistration(ActivationHarness.unique("back"), ActivationHarness.unique("back") + "@example.com");

        HttpResponse<String> page = landFromMarketplace(buyer.browser, token);

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Choose the activation method"), page.body());
    }

    @Test
    void givenProgressBeforeActivation_whenAnotherBrowserOpensTheLink_thenItIsToldToContinueInTheFirst() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        String token = harness.marketplace.issueToken(customer);
        Buyer buyer = new Buyer(harness);
        buyer.arriveWithToken(token);
        String email = ActivationHarness.unique("first") + "@example.com";
        buyer.sendRegistrationCode(email);

        HttpResponse<String> page = landFromMarketplace(harness.browser(), token);

        assertEquals(409, page.statusCode(), page.body());
        assertTrue(page.body().contains("in progress in another browser"), page.body());
        assertFalse(page.body().contains("href=\"/activate\""), "no link to a page that refuses this browser");
        assertFalse(page.body().contains(email), page.body());
        // the first browser keeps its session
        assertEquals(200, buyer.browser.get("/activate/register").statusCode());
    }

    @Test
    void givenNoProgress_whenAnotherBrowserOpensTheLink_thenTheActivationContinuesThere() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        String token = harness.marketplace.issueToken(customer);
        new Buyer(harness).arriveWithToken(token);

        HttpResponse<String> page = landFromMarketplace(harness.browser(), token);

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("No Billing Center account"), page.body());
    }

    @Test
    void givenActivated_whenTheLinkIsOpenedAgainFromAnyBrowser_thenAlreadyActivatedWithWhereToLogInAndNothingPrivate() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        String token = harness.marketplace.issueToken(customer);
        Buyer buyer = new Buyer(harness);
        buyer.arriveWithToken(token);
        String username = ActivationHarness.unique("done");
        String email = username + "@example.com";
        buyer.enterRegistration(username, email);
        buyer.activate("Secret Workspace", "en", "us-oregon");
        long resolves = harness.marketplace.callCount(AwsOperation.RESOLVE_CUSTOMER);

        for (Browser browser : new Browser[] {buyer.browser, harness.browser()}) {
            HttpResponse<String> page = landFromMarketplace(browser, token);

            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("already activated"), page.body());
            assertTrue(page.body().contains("Log in to Overseas Region 1 (Oregon)"), page.body());
            assertFalse(page.body().contains("China Region 2"), "only the sites of the bound workspaces");
            assertFalse(page.body().contains(email), page.body());
            assertFalse(page.body().contains(username), page.body());
            assertFalse(page.body().contains("Secret Workspace"), page.body());
            assertFalse(page.body().contains("another browser"), page.body());
        }
        assertEquals(resolves, harness.marketplace.callCount(AwsOperation.RESOLVE_CUSTOMER),
                "a link opened again is recognised from the store");
    }

    @Test
    void givenBusyMarketplace_whenTheBuyerRetriesFromTheBusyPage_thenTheSameActivationStarts() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        String token = harness.marketplace.issueToken(customer);
        harness.marketplace.faults().throttleNext(AwsOperation.RESOLVE_CUSTOMER, 10);
        Browser browser = harness.browser();

        HttpResponse<String> busy = browser.postFromAnotherSite("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", token), MARKETPLACE);

        assertEquals(503, busy.statusCode());
        assertFalse(busy.body().contains("href=\"/activate\""), "the pages cannot help before the token is resolved");
        assertTrue(busy.body().contains("action=\"/aws/fulfillment\""), busy.body());
        Map<String, String> retry = hiddenFields(busy.body());
        assertEquals(token, retry.get("x-amzn-marketplace-token"));
        harness.marketplace.faults().clear();

        HttpResponse<String> again = browser.post("/aws/fulfillment", retry);
        assertEquals(303, again.statusCode(), again.body());
        HttpResponse<String> page = followToPage(browser);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("No Billing Center account"), page.body());
    }

    /** The marketplace's cross-site form post, then the redirects a browser follows. */
    private static HttpResponse<String> landFromMarketplace(Browser browser, String token) {
        HttpResponse<String> arrival = browser.postFromAnotherSite("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", token), MARKETPLACE);
        if (arrival.statusCode() != 303) {
            return arrival;
        }
        return followToPage(browser);
    }

    private static HttpResponse<String> followToPage(Browser browser) {
        HttpResponse<String> response = browser.last();
        for (int hops = 0; response.statusCode() == 303 && hops < 5; hops++) {
            response = browser.follow();
        }
        return response;
    }

    private static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher matcher = HIDDEN.matcher(html);
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(2).replace("&#61;", "=").replace("&#43;", "+")
                    .replace("&#47;", "/").replace("&amp;", "&").replace("&quot;", "\""));
        }
        return fields;
    }
}
