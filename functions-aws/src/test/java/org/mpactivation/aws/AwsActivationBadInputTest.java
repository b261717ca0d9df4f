package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.SimulatedCustomer;

/**
 * Bad input gets a clear 4xx page and changes nothing in the store (compared item by item), over
 * HTTP through the Lambda handlers against dynalite.
 */
class AwsActivationBadInputTest {

    private static ActivationHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new ActivationHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void givenInvalidToken_thenClear400AndNothingStored() {
        var before = harness.snapshot();
        HttpResponse<String> response = harness.browser().post("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", "forged-token-123"));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("The marketplace did not recognise this link."), response.body());
        assertFalse(response.headers().firstValue("Set-Cookie").isPresent());
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenExpiredToken_thenClear400AndNothingStored() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        String token = harness.marketplace.issueToken(customer);
        harness.marketplace.expireToken(token);
        var before = harness.snapshot();
        HttpResponse<String> response = harness.browser().post("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", token));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("This marketplace link has expired."), response.body());
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenMissingToken_thenClear400AndNothingStored() {
        var before = harness.snapshot();
        HttpResponse<String> response = harness.browser().post("/aws/fulfillment", Map.of());
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("did not include a marketplace registration token"), response.body());
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenThrottledResolve_then503AndTheSameTokenWorksOnRetry() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        String token = harness.marketplace.issueToken(customer);
        harness.marketplace.faults().throttleNext(AwsOperation.RESOLVE_CUSTOMER, 10);
        var before = harness.snapshot();
        HttpResponse<String> response = harness.browser().post("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", token));
        assertEquals(503, response.statusCode());
        assertTrue(response.headers().firstValue("Retry-After").isPresent());
        assertEquals(before, harness.snapshot());
        harness.marketplace.faults().clear();
        assertEquals(200, new Buyer(harness).arriveWithToken(token).statusCode());
    }

    @Test
    void givenWrongCode_then422AndOnlyTheAttemptCounterMoves() {
        Buyer buyer = arrived();
        String username = ActivationHarness.unique("wrong");
        String email = username + "@example.com";
        buyer.sendRegistrationCode(email);
        String right = harness.lastCodeSentTo(email);
        var before = harness.snapshotWithoutCodes();
        HttpResponse<String> response = buyer.browser.submit("/activate/register", "/activate/register",
                buyer.basicInfo(username, email, wrongCode(right)));
        assertEquals(422, response.statusCode());
        assertTrue(response.body().contains("This verification code is wrong. 4 attempts left."), response.body());
        assertTrue(response.body().contains("value=\"" + username + "\""), "entered values are kept");
        assertFalse(response.body().contains(Buyer.PASSWORD), "passwords are never echoed");
        assertEquals(before, harness.snapshotWithoutCodes());
    }

    @Test
    void givenExpiredCode_then422AndStoreUnchanged() {
        Buyer buyer = arrived();
        String username = ActivationHarness.unique("late");
        String email = username + "@example.com";
        buyer.sendRegistrationCode(email);
        String code = harness.lastCodeSentTo(email);
        harness.clock.advance(Duration.ofMinutes(11));
        try {
            var before = harness.snapshot();
            HttpResponse<String> response = buyer.browser.submit("/activate/register", "/activate/register",
                    buyer.basicInfo(username, email, code));
            assertEquals(422, response.statusCode());
            assertTrue(response.body().contains("This code has expired or was not requested."), response.body());
            assertEquals(before, harness.snapshot());
        } finally {
            harness.clock.advance(Duration.ofMinutes(-11));
        }
    }

    @Test
    void givenFiveWrongAttempts_thenTheSixthIsRefusedEvenWithTheRightCode() {
        Buyer buyer = arrived();
        String username = ActivationHarness.unique("brute");
        String email = username + "@example.com";
        buyer.sendRegistrationCode(email);
        String right = harness.lastCodeSentTo(email);
        for (int attempt = 1; attempt <= 5; attempt++) {
            int status = buyer.browser.submit("/activate/register", "/activate/register",
                    buyer.basicInfo(username, email, wrongCode(right))).statusCode();
            assertEquals(attempt < 5 ? 422 : 429, status, "attempt " + attempt);
        }
        var before = harness.snapshot();
        HttpResponse<String> sixth = buyer.browser.submit("/activate/register", "/activate/register",
                buyer.basicInfo(username, email, right));
        assertEquals(429, sixth.statusCode());
        assertTrue(sixth.body().contains("Too many wrong attempts. Send a new code."), sixth.body());
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenResendTooSoon_then429AndNoSecondMail() {
        Buyer buyer = arrived();
        String email = ActivationHarness.unique("eager") + "@example.com";
        assertEquals(200, buyer.sendRegistrationCode(email).statusCode());
        var before = harness.snapshot();
        HttpResponse<String> again = buyer.sendRegistrationCode(email);
        assertEquals(429, again.statusCode());
        assertTrue(again.headers().firstValue("Retry-After").isPresent());
        assertEquals(1, harness.mailsTo(email));
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenTakenUsernameOrEmail_then409AndStoreUnchanged() {
        String taken = ActivationHarness.unique("taken");
        String takenEmail = taken + "@example.com";
        Buyer first = arrived();
        first.enterRegistration(taken, takenEmail);
        first.activate("Taken", "en", "us-oregon");

        Buyer second = arrived();
        String email = ActivationHarness.unique("fresh") + "@example.com";
        second.sendRegistrationCode(email);
        var before = harness.snapshot();
        HttpResponse<String> username = second.browser.submit("/activate/register", "/activate/register",
                second.basicInfo(taken, email, harness.lastCodeSentTo(email)));
        assertEquals(409, username.statusCode());
        assertTrue(username.body().contains("This username is taken."), username.body());
        assertEquals(before, harness.snapshot());

        HttpResponse<String> code = second.sendRegistrationCode(takenEmail);
        assertEquals(409, code.statusCode());
        assertTrue(code.body().contains("An account with this e-mail address exists already."), code.body());
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenMissingFields_then422WithEveryErrorAndStoreUnchanged() {
        Buyer buyer = arrived();
        var before = harness.snapshot();
        HttpResponse<String> response = buyer.browser.submit("/activate/register", "/activate/register",
                Map.of("action", "next"));
        assertEquals(422, response.statusCode());
        assertTrue(response.body().contains("id=\"username-error\""), response.body());
        assertTrue(response.body().contains("id=\"password-error\""), response.body());
        assertTrue(response.body().contains("id=\"email-error\""), response.body());
        assertTrue(response.body().contains("id=\"code-error\""), response.body());
        assertEquals(before, harness.snapshot());

        HttpResponse<String> company = buyer.browser.post("/activate/register/company",
                Map.of("_csrf", buyer.browser.csrfOf("/activate/register"), "companyName", "Acme"));
        assertEquals(303, company.statusCode(), "company page before basic information: back to the start");
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenBodyOver64KiB_then413AndStoreUnchanged() {
        Buyer buyer = arrived();
        String csrf = buyer.browser.csrfOf("/activate/register");
        var before = harness.snapshot();
        Map<String, String> fields = new HashMap<>(buyer.basicInfo("big", "big@example.com", "123456"));
        fields.put("_csrf", csrf);
        fields.put("phone", "1".repeat(64 * 1024));
        HttpResponse<String> response = buyer.browser.post("/activate/register", fields);
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("The request is too large."), response.body());
        HttpResponse<String> fulfillment = harness.browser().post("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", "x".repeat(64 * 1024 + 1)));
        assertEquals(413, fulfillment.statusCode());
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenMissingOrForgedCsrfToken_then403AndStoreUnchanged() {
        Buyer buyer = arrived();
        var before = harness.snapshot();
        Map<String, String> fields = new HashMap<>(Map.of("action", "send-code", "email", "x@example.com"));
        assertEquals(403, buyer.browser.post("/activate/register", fields).statusCode());
        fields.put("_csrf", "forged");
        assertEquals(403, buyer.browser.post("/activate/register", fields).statusCode());
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenCrossSiteOrigin_then403() {
        Buyer buyer = arrived();
        String csrf = buyer.browser.csrfOf("/activate/register");
        var before = harness.snapshot();
        HttpResponse<String> response = buyer.browser.postWithHeader("/activate/register",
                Map.of("_csrf", csrf, "action", "send-code", "email", "x@example.com"),
                "Origin", "https://evil.example");
        assertEquals(403, response.statusCode());
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenNoSessionCookie_then401PageSayingHowToStartAgain() {
        HttpResponse<String> response = harness.browser().get("/activate/register");
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("Your activation session has expired or was not found."));
        HttpResponse<String> forged = harness.browser().postRaw("/activate/register",
                "application/x-www-form-urlencoded", "_csrf=x");
        assertEquals(401, forged.statusCode());
    }

    @Test
    void givenExpiredSession_then401() {
        Buyer buyer = arrived();
        harness.clock.advance(Duration.ofHours(3));
        try {
            assertEquals(401, buyer.browser.get("/activate/register").statusCode());
        } finally {
            harness.clock.advance(Duration.ofHours(-3));
        }
    }

    @Test
    void givenNonFormBody_then415AndStoreUnchanged() {
        Buyer buyer = arrived();
        String freshToken = harness.marketplace.issueToken(harness.marketplace.registerCustomer(
                ActivationHarness.PRODUCT_CODE));
        var before = harness.snapshot();
        HttpResponse<String> response = buyer.browser.postRaw("/activate/register", "application/json", "{}");
        assertEquals(415, response.statusCode());
        HttpResponse<String> fulfillment = harness.browser().postRaw("/aws/fulfillment", "text/plain", "token");
        assertEquals(415, fulfillment.statusCode());
        for (String lookalike : List.of("application/x-www-form-urlencodedx", "application/jsonx",
                "application/json-patch+json", "text/plainx")) {
            assertEquals(415, buyer.browser.postRaw("/activate/register", lookalike, "_csrf=x").statusCode(), lookalike);
            assertEquals(415, harness.browser().postRaw("/aws/fulfillment", lookalike,
                    "x-amzn-marketplace-token=" + freshToken).statusCode(), lookalike);
        }
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenMalformedForm_then400() {
        Buyer buyer = arrived();
        var before = harness.snapshot();
        assertEquals(400, buyer.browser.postRaw("/activate/register", "application/x-www-form-urlencoded",
                "_csrf=%zz&email=%").statusCode());
        assertEquals(before, harness.snapshot());
    }

    @Test
    void givenWorkspaceOfAnotherAccount_thenBindIsRefusedWith409AndStoreUnchanged() {
        String owner = ActivationHarness.unique("owner");
        Buyer first = arrived();
        first.enterRegistration(owner, owner + "@example.com");
        first.activate("Private", "en", "us-oregon");
        String workspaceId = harness.items("WS#", "META").stream()
                .filter(w -> w.get("name").s().equals("Private")).findFirst().orElseThrow().get("id").s();

        String intruder = ActivationHarness.unique("intruder");
        SimulatedCustomer intruderCustomer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        Buyer second = new Buyer(harness);
        second.arrive(intruderCustomer);
        second.enterRegistration(intruder, intruder + "@example.com");
        second.activate("Own", "en", "us-oregon");
        // a completed session: further posts go to the success page and change nothing
        var before = harness.snapshot();
        HttpResponse<String> completed = second.browser.post("/activate/workspaces/" + workspaceId + "/bind",
                Map.of("_csrf", second.browser.csrfOf("/activate/workspaces")));
        assertEquals(303, completed.statusCode());
        assertEquals("/activate/done", completed.headers().firstValue("Location").orElseThrow());
        assertEquals(before, harness.snapshot());

        // a new agreement of the intruder's AWS account goes straight to workspace binding
        Buyer again = new Buyer(harness);
        again.arrive(harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE,
                ActivationHarness.unique("cust-"), intruderCustomer.awsAccountId()));
        String csrf = again.browser.csrfOf("/activate/workspaces");
        before = harness.snapshot();
        assertEquals(409, again.browser.get("/activate/workspaces/" + workspaceId + "/bind").statusCode());
        HttpResponse<String> refused = again.browser.post("/activate/workspaces/" + workspaceId + "/bind",
                Map.of("_csrf", csrf));
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("not one of your Billing Center account's workspaces"), refused.body());
        assertEquals(before, harness.snapshot());
    }

    private static Buyer arrived() {
        Buyer buyer = new Buyer(harness);
        buyer.arrive(harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE));
        return buyer;
    }

    private static String wrongCode(String right) {
        return right.equals("000000") ? "111111" : "000000";
    }
}
