package org.mpactivation.aws;

import org.mpactivation.testkit.Browser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.mpactivation.simulator.aws.SimulatedCustomer;

/** The steps a buyer takes in the browser, each asserting the answer a real buyer would see. */
final class Buyer {

    static final String PASSWORD = "correct horse 42";
    final ActivationHarness harness;
    final Browser browser;

    Buyer(ActivationHarness harness) {
        this.harness = harness;
        this.browser = harness.browser();
    }

    /** Subscribes on AWS Marketplace and lands on the activation pages; returns the page reached. */
    HttpResponse<String> arrive(SimulatedCustomer customer) {
        return arriveWithToken(harness.marketplace.issueToken(customer));
    }

    HttpResponse<String> arriveWithToken(String token) {
        HttpResponse<String> response = browser.post("/aws/fulfillment", Map.of("x-amzn-marketplace-token", token));
        assertEquals(303, response.statusCode(), response.body());
        // straight to the page the session goes on at (the start page for a new buyer), not through /activate
        assertTrue(response.headers().firstValue("Location").orElseThrow().startsWith("/activate/"),
                response.headers().map().toString());
        assertTrue(response.headers().firstValue("Set-Cookie").orElseThrow().contains("HttpOnly"));
        return browser.follow();
    }

    HttpResponse<String> sendRegistrationCode(String email) {
        return browser.submit("/activate/register", "/activate/register", Map.of("action", "send-code",
                "email", email));
    }

    Map<String, String> basicInfo(String username, String email, String code) {
        Map<String, String> fields = new HashMap<>();
        fields.put("action", "next");
        fields.put("username", username);
        fields.put("password", PASSWORD);
        fields.put("passwordConfirmation", PASSWORD);
        fields.put("email", email);
        fields.put("code", code);
        fields.put("phone", "+86 138 0000 0000");
        return fields;
    }

    /** Basic information (with the code from the e-mail) and company information. */
    void enterRegistration(String username, String email) {
        assertEquals(200, sendRegistrationCode(email).statusCode());
        HttpResponse<String> basic = browser.submit("/activate/register", "/activate/register",
                basicInfo(username, email, harness.lastCodeSentTo(email)));
        assertEquals(303, basic.statusCode(), basic.body());
        assertEquals("/activate/register/company", basic.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> company = browser.submit("/activate/register/company", "/activate/register/company",
                Map.of("companyName", "Acme 有限公司", "contactName", "Li Lei", "country", "China",
                        "address", "1 Example Road"));
        assertEquals(303, company.statusCode(), company.body());
        assertEquals("/activate/register/workspace", company.headers().firstValue("Location").orElseThrow());
    }

    Map<String, String> activation(String workspaceName, String language, String site) {
        return Map.of("workspaceName", workspaceName, "language", language, "site", site);
    }

    /** Activate: ends on the success page. */
    HttpResponse<String> activate(String workspaceName, String language, String site) {
        HttpResponse<String> response = browser.submit("/activate/register/workspace", "/activate/register/workspace",
                activation(workspaceName, language, site));
        assertEquals(303, response.statusCode(), response.body());
        assertEquals("/activate/done", response.headers().firstValue("Location").orElseThrow());
        return browser.follow();
    }

    /** Binds an existing Billing Center account by username and the code sent to its e-mail. */
    HttpResponse<String> bindBillingAccount(String username, String email) {
        HttpResponse<String> sent = browser.submit("/activate/bind", "/activate/bind",
                Map.of("action", "send-code", "username", username));
        assertEquals(200, sent.statusCode(), sent.body());
        // the page names the username typed, never the account's address (that would tell that it exists)
        assertTrue(sent.body().contains("e-mail address of the Billing Center account " + username), sent.body());
        HttpResponse<String> bound = browser.submit("/activate/bind", "/activate/bind",
                Map.of("action", "bind", "username", username, "code", harness.lastCodeSentTo(email)));
        assertEquals(303, bound.statusCode(), bound.body());
        assertEquals("/activate/workspaces", bound.headers().firstValue("Location").orElseThrow());
        return browser.follow();
    }

    /** Creates a workspace together with a new console account; ends on the workspace list. */
    HttpResponse<String> createWorkspaceWithNewAccount(String workspaceName, String username, String email) {
        String page = "/activate/workspaces/new/account";
        String submission = browser.submissionIdOf(page);
        String csrf = browser.csrfOf(page);
        HttpResponse<String> sent = browser.post(page, Map.of("_csrf", csrf, "submissionId", submission,
                "action", "send-code", "email", email));
        assertEquals(200, sent.statusCode(), sent.body());
        Map<String, String> fields = new HashMap<>();
        fields.put("_csrf", csrf);
        fields.put("submissionId", submission);
        fields.put("action", "create");
        fields.put("workspaceName", workspaceName);
        fields.put("language", "en");
        fields.put("username", username);
        fields.put("password", PASSWORD);
        fields.put("passwordConfirmation", PASSWORD);
        fields.put("email", email);
        fields.put("code", harness.lastCodeSentTo(email));
        fields.put("terms", "on");
        HttpResponse<String> created = browser.post(page, fields);
        assertEquals(303, created.statusCode(), created.body());
        return browser.follow();
    }

    /** Creates a workspace for an existing console account (its e-mail and a code). */
    HttpResponse<String> createWorkspaceForConsoleAccount(String workspaceName, String language, String email) {
        String page = "/activate/workspaces/new/existing";
        String submission = browser.submissionIdOf(page);
        String csrf = browser.csrfOf(page);
        HttpResponse<String> sent = browser.post(page, Map.of("_csrf", csrf, "submissionId", submission,
                "action", "send-code", "email", email));
        assertEquals(200, sent.statusCode(), sent.body());
        HttpResponse<String> created = browser.post(page, Map.of("_csrf", csrf, "submissionId", submission,
                "action", "create", "workspaceName", workspaceName, "language", language, "email", email,
                "code", harness.lastCodeSentTo(email), "terms", "on"));
        assertEquals(303, created.statusCode(), created.body());
        return browser.follow();
    }

    /**
     * Bind existing workspace: the workspace list offers Bind for it, the confirmation page asks,
     * Confirm binds; ends on the workspace list, where it shows as Bound.
     */
    HttpResponse<String> bindExistingWorkspace(String workspaceId) {
        String bindPage = "/activate/workspaces/" + workspaceId + "/bind";
        HttpResponse<String> list = browser.get("/activate/workspaces");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("href=\"" + bindPage + "\""),
                "no Bind for " + workspaceId + ": " + list.body());
        HttpResponse<String> confirmation = browser.get(bindPage);
        assertEquals(200, confirmation.statusCode(), confirmation.body());
        assertTrue(confirmation.body().contains("Bind this workspace?"), confirmation.body());
        HttpResponse<String> bound = browser.submit(bindPage, bindPage, Map.of());
        assertEquals(303, bound.statusCode(), bound.body());
        assertEquals("/activate/workspaces", bound.headers().firstValue("Location").orElseThrow());
        return browser.follow();
    }

    /** Confirms on the workspace page; ends on the success page. */
    HttpResponse<String> confirm() {
        HttpResponse<String> response = browser.submit("/activate/workspaces", "/activate/complete", Map.of());
        assertEquals(303, response.statusCode(), response.body());
        assertEquals("/activate/done", response.headers().firstValue("Location").orElseThrow());
        return browser.follow();
    }
}
