package org.mpactivation.benchmarks.warm;

import java.util.HashMap;
import java.util.Map;

/**
 * The activation pages after the arrival, the same for both clouds: from {@code /activate} through basic
 * information (with the e-mailed code), company and workspace to the success page, each request a timed step.
 */
final class RegistrationPages {

    /** Where the codes sent by e-mail are read. */
    interface Codes {
        String takeCode(String address);
    }

    private final StepTimer timer;
    private final Codes mailbox;

    RegistrationPages(StepTimer timer, Codes mailbox) {
        this.timer = timer;
        this.mailbox = mailbox;
    }

    /**
     * The page an arrival redirected to, followed: the AWS fulfillment URL sends a new buyer straight to the
     * start page.
     */
    Answer startFrom(PageClient browser, Answer arrival) {
        return timer.time("GET  " + arrival.location() + " (start page)", () -> browser.get(arrival.location()))
                .expect(200, arrival.location());
    }

    /** From {@code /activate} to the start page (the redirect the arrival ended with, followed). */
    Answer start(PageClient browser) {
        Answer next = timer.time("GET  /activate (303)", () -> browser.get("/activate")).expect(303, "/activate");
        return timer.time("GET  " + next.location() + " (start page)", () -> browser.get(next.location()))
                .expect(200, next.location());
    }

    /** Registers a Billing Center account with a new workspace; the success page. */
    Answer register(PageClient browser, String username) {
        Answer company = throughBasicInformation(browser, username);
        Answer companyDone = timer.time("POST /activate/register/company", () -> browser.post(
                "/activate/register/company", company.form(Map.of("companyName", "Acme 有限公司", "contactName",
                        "Li Lei", "country", "China", "address", "1 Example Road")))).expect(303, "company");
        Answer workspace = timer.time("GET  /activate/register/workspace", () -> browser.get(companyDone.location()))
                .expect(200, "the workspace page");
        Answer activated = timer.time("POST /activate/register/workspace: activate", () -> browser.post(
                "/activate/register/workspace", workspace.form(Map.of("workspaceName", "WS " + username,
                        "language", "en", "site", "us-oregon")))).expect(303, "activate");
        return done(browser, activated);
    }

    /** From the register page through basic information (with the e-mailed code); the company page. */
    Answer throughBasicInformation(PageClient browser, String username) {
        String email = username + "@example.com";
        Answer page = timer.time("GET  /activate/register", () -> browser.get("/activate/register"))
                .expect(200, "the register page");
        Answer sent = timer.time("POST /activate/register: send code", () -> browser.post("/activate/register",
                page.form(Map.of("action", "send-code", "email", email)))).expect(200, "send code");
        Map<String, String> basic = new HashMap<>();
        basic.put("action", "next");
        basic.put("username", username);
        basic.put("password", AwsWorld.PASSWORD);
        basic.put("passwordConfirmation", AwsWorld.PASSWORD);
        basic.put("email", email);
        basic.put("code", mailbox.takeCode(email));
        basic.put("phone", "+86 138 0000 0000");
        Answer basicDone = timer.time("POST /activate/register: basic information", () -> browser.post(
                "/activate/register", sent.form(basic))).expect(303, "basic information");
        return timer.time("GET  /activate/register/company", () -> browser.get(basicDone.location()))
                .expect(200, "the company page");
    }

    /**
     * Binds the existing Billing Center account {@code owner} by the code sent to its e-mail, creates a
     * workspace for its console account (code to the same e-mail), confirms; the success page.
     */
    Answer bindExisting(PageClient browser, String owner) {
        String email = owner + "@example.com";
        Answer page = timer.time("GET  /activate/bind", () -> browser.get("/activate/bind")).expect(200, "bind page");
        Answer sent = timer.time("POST /activate/bind: send code", () -> browser.post("/activate/bind",
                page.form(Map.of("action", "send-code", "username", owner)))).expect(200, "bind: send code");
        Answer bound = timer.time("POST /activate/bind: code", () -> browser.post("/activate/bind",
                sent.form(Map.of("action", "bind", "username", owner, "code", mailbox.takeCode(email)))))
                .expect(303, "bind");
        timer.time("GET  /activate/workspaces", () -> browser.get(bound.location())).expect(200, "workspaces");
        String create = "/activate/workspaces/new/existing";
        Answer form = timer.time("GET  " + create, () -> browser.get(create)).expect(200, "create page");
        Answer codeSent = timer.time("POST " + create + ": send code", () -> browser.post(create,
                form.form(Map.of("action", "send-code", "email", email)))).expect(200, "create: send code");
        Answer created = timer.time("POST " + create + ": create", () -> browser.post(create, codeSent.form(Map.of(
                "action", "create", "workspaceName", "Second " + owner, "language", "en", "email", email,
                "code", mailbox.takeCode(email), "terms", "on")))).expect(303, "create");
        Answer list = timer.time("GET  /activate/workspaces", () -> browser.get(created.location()))
                .expect(200, "workspaces");
        Answer completed = timer.time("POST /activate/complete", () -> browser.post("/activate/complete",
                list.form(Map.of()))).expect(303, "complete");
        return done(browser, completed);
    }

    private Answer done(PageClient browser, Answer redirect) {
        if (!"/activate/done".equals(redirect.location())) {
            throw new IllegalStateException("not sent to the success page but to " + redirect.location());
        }
        Answer done = timer.time("GET  /activate/done", () -> browser.get("/activate/done")).expect(200, "done");
        if (!done.body().contains("Activation succeeded")) {
            throw new IllegalStateException("the success page does not say so");
        }
        return done;
    }
}
