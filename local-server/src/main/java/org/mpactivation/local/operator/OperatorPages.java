package org.mpactivation.local.operator;

import org.mpactivation.adapter.metrics.InMemoryMetrics;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mpactivation.application.SigningKey;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.local.operator.OperatorViews.Field;
import org.mpactivation.local.operator.OperatorViews.Frame;
import org.mpactivation.local.operator.OperatorViews.JobView;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.FormData;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * The local operator view under {@code /operator}: subscriptions with their Billing Center accounts,
 * workspaces, audit trail and metering ledger (Azure ones apart, with what the marketplace sold, the
 * signed-in buyer and the changes of the purchase), the accounts, the latest reconciliation's drift
 * and the latest Azure subscription comparison's, and the jobs with a button to run each now.
 * Read-only apart from running jobs. Behind the admin password: a signed, HttpOnly, SameSite=Strict
 * cookie for 8 hours, and a CSRF token bound to it on every form.
 */
public final class OperatorPages {

    private static final String BASE = OperatorQueries.BASE;
    private static final String LOGIN = BASE + "/login";
    /** The job whose drift the reconciliation page shows, and which its button runs. */
    static final String RECONCILIATION_JOB = "reconciliation";
    /**
     * The daily comparison of Azure subscriptions with the marketplace, whose drift the reconciliation
     * page shows too: register it under this name to get its button there.
     */
    public static final String AZURE_RECONCILIATION_JOB = "azure-reconciliation";

    private final OperatorQueries queries;
    private final DriftQueries drift;
    private final OperatorAuth auth;
    private final JobBoard jobs;
    private final PageRenderer renderer;
    private final InMemoryMetrics metrics;

    /**
     * @param browser       lists the table's items (the local file store's scan, or a DynamoDB scan)
     * @param store         the store the repositories read
     * @param adminPassword the password printed at start
     * @param key           signs the operator cookie and CSRF tokens
     * @param jobs          the jobs that can be run now, by name (for example "metering", "renewal"),
     *                      each returning its report; listed in this map's order
     */
    public OperatorPages(StoreBrowser browser, ItemStore store, String adminPassword, SigningKey key,
                         PageRenderer renderer, Clock clock, Map<String, Supplier<Map<String, Integer>>> jobs) {
        this(browser, store, new OperatorAuth(adminPassword, key, clock), renderer, clock, jobs);
    }

    /**
     * @param auth the operator's login, shared with the other operator pages (see {@link OperatorAuth})
     */
    public OperatorPages(StoreBrowser browser, ItemStore store, OperatorAuth auth, PageRenderer renderer, Clock clock,
                         Map<String, Supplier<Map<String, Integer>>> jobs) {
        this(browser, store, auth, renderer, clock, jobs, new InMemoryMetrics("local"));
    }

    /** @param metrics what the functions counted, for the metrics page */
    public OperatorPages(StoreBrowser browser, ItemStore store, OperatorAuth auth, PageRenderer renderer, Clock clock,
                         Map<String, Supplier<Map<String, Integer>>> jobs, InMemoryMetrics metrics) {
        this.metrics = metrics;
        this.queries = new OperatorQueries(browser, store);
        this.drift = new DriftQueries(store);
        this.auth = auth;
        this.jobs = new JobBoard(jobs, clock);
        this.renderer = renderer;
    }

    /** A random admin password (24 URL-safe characters) for a server start. */
    public static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The jobs, for the scheduler: running them through the board
     * ({@code jobBoard().run("metering", JobBoard.Trigger.SCHEDULE)}) shows scheduled runs here too
     * and keeps a job from running twice at once.
     */
    public JobBoard jobBoard() {
        return jobs;
    }

    public Router mount(Router router) {
        return router
                .get(BASE + "/operator.css", (request, params) -> stylesheet())
                .get(LOGIN, (request, params) -> loginForm(request))
                .post(LOGIN, (request, params) -> login(request))
                .post(BASE + "/logout", (request, params) -> logout(request))
                .get(BASE, (request, params) -> signedIn(request, session -> subscriptions(session)))
                .get(BASE + "/subscriptions/{id}", (request, params) ->
                        signedIn(request, session -> subscription(session, params.get("id"))))
                .get(BASE + "/accounts", (request, params) -> signedIn(request, this::accounts))
                .get(BASE + "/reconciliation", (request, params) -> signedIn(request, session -> reconciliation(session, request)))
                .get(BASE + "/jobs", (request, params) -> signedIn(request, session -> jobsPage(session, request)))
                .get(BASE + "/metrics", (request, params) -> signedIn(request, this::metricsPage))
                .post(BASE + "/jobs/{name}", (request, params) -> runJob(request, params.get("name")));
    }

    // --- login ------------------------------------------------------------------------------

    private WebResponse loginForm(WebRequest request) {
        if (auth.session(request).isPresent()) {
            return WebResponse.seeOther(BASE);
        }
        return loginPage(200, null);
    }

    private WebResponse login(WebRequest request) {
        FormData form = form(request);
        if (!OperatorOrigin.sameOrigin(request)) {
            return loginPage(403, "This form was sent from another site.");
        }
        ClientThrottle.Attempt attempt = auth.attempt(request.clientAddress(), form.get("password"));
        return switch (attempt.outcome()) {
            case ACCEPTED -> WebResponse.seeOther(BASE).withCookie(auth.setCookie(auth.newSession()));
            case REJECTED -> loginPage(401, "Wrong password.");
            case LIMITED -> loginPage(429, "Too many wrong passwords from your address. Wait "
                    + seconds(attempt.retryAfterSeconds()) + ", then try again.")
                    .withHeader("Retry-After", Long.toString(attempt.retryAfterSeconds()));
        };
    }

    static String seconds(long seconds) {
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }

    private WebResponse logout(WebRequest request) {
        Optional<String> session = auth.session(request);
        if (session.isEmpty()) {
            return WebResponse.seeOther(LOGIN).withCookie(auth.clearCookie());
        }
        FormData form = form(request);
        if (!csrfOk(session.get(), request, form)) {
            return message(session.get(), 403, "Forbidden", "This form is no longer valid. Reload the page and try again.");
        }
        auth.revoke(session.get());
        return WebResponse.seeOther(LOGIN).withCookie(auth.clearCookie());
    }

    private WebResponse signedIn(WebRequest request, Function<String, WebResponse> page) {
        return auth.session(request).map(page).orElseGet(() -> WebResponse.seeOther(LOGIN));
    }

    // --- pages ------------------------------------------------------------------------------

    private WebResponse subscriptions(String session) {
        OperatorQueries.SubscriptionLists listing = queries.subscriptions();
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(session, "Subscriptions", "subscriptions", unreadableNotice(listing.unreadable())));
        params.put("rows", listing.rows());
        params.put("azure", listing.azure());
        return render(200, "subscriptions", params);
    }

    private WebResponse subscription(String session, String rawId) {
        Optional<SubscriptionId> id = decodeId(rawId);
        Optional<OperatorViews.SubscriptionDetail> detail = id.flatMap(queries::subscription);
        if (detail.isEmpty()) {
            return message(session, 404, "Not found", "There is no such subscription.");
        }
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(session, "Subscription " + detail.get().ref().id(), "subscriptions", null));
        params.put("s", detail.get());
        return render(200, "subscription", params);
    }

    private WebResponse metricsPage(String session) {
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(session, "Metrics", "metrics", null));
        params.put("rows", metrics.rows().stream().map(MetricRow::of).toList());
        return render(200, "metrics", params);
    }

    private WebResponse accounts(String session) {
        OperatorQueries.Accounts accounts = queries.accounts();
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(session, "Accounts", "accounts", unreadableNotice(accounts.unreadable())));
        params.put("accounts", accounts.billing());
        params.put("consoles", accounts.console());
        return render(200, "accounts", params);
    }

    private WebResponse reconciliation(String session, WebRequest request) {
        String notice = request.queryParam("ran").filter(OperatorPages::isReconciliation)
                .map(ran -> jobs.lastRun(ran).filter(JobBoard.Run::failed).isPresent()
                        ? "The " + ran + " failed; the jobs page and the server log have the details."
                        : "The " + ran + " ran.")
                .or(() -> request.queryParam("busy").filter(OperatorPages::isReconciliation)
                        .map(busy -> "The " + busy + " is running already; its drift appears here when it ends."))
                .orElse(null);
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(session, "Reconciliation", "reconciliation", notice));
        params.put("view", drift.latest(runAction(RECONCILIATION_JOB)));
        params.put("azure", drift.latestSubscriptionRun(runAction(AZURE_RECONCILIATION_JOB)));
        return render(200, "reconciliation", params);
    }

    private String runAction(String job) {
        return jobs.has(job) ? BASE + "/jobs/" + OperatorQueries.encode(job) : null;
    }

    /** The jobs whose buttons sit on the reconciliation page (and lead back there). */
    private static boolean isReconciliation(String job) {
        return RECONCILIATION_JOB.equals(job) || AZURE_RECONCILIATION_JOB.equals(job);
    }

    private WebResponse jobsPage(String session, WebRequest request) {
        String notice = null;
        Optional<String> ran = request.queryParam("ran").filter(jobs::has);
        Optional<String> busy = request.queryParam("busy").filter(jobs::has);
        if (ran.isPresent()) {
            notice = jobs.lastRun(ran.get()).filter(JobBoard.Run::failed).isPresent()
                    ? "The " + ran.get() + " job failed."
                    : "The " + ran.get() + " job ran.";
        } else if (busy.isPresent()) {
            notice = "The " + busy.get() + " job is running already; its report appears here when it ends.";
        }
        List<JobView> views = new ArrayList<>();
        for (String name : jobs.names()) {
            String action = BASE + "/jobs/" + OperatorQueries.encode(name);
            views.add(jobs.lastRun(name).map(run -> {
                List<Field> report = new ArrayList<>();
                run.report().forEach((k, v) -> report.add(new Field(k, String.valueOf(v))));
                return new JobView(name, action, true, OperatorQueries.time(run.startedAt()),
                        run.trigger() == JobBoard.Trigger.SCHEDULE ? "scheduled" : "run by the operator",
                        run.took().toMillis() + " ms", report, run.failure());
            }).orElse(new JobView(name, action, false, OperatorViews.NONE, OperatorViews.NONE, OperatorViews.NONE,
                    List.of(), null)));
        }
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(session, "Jobs", "jobs", notice));
        params.put("jobs", views);
        return render(200, "jobs", params);
    }

    private WebResponse runJob(WebRequest request, String rawName) {
        Optional<String> session = auth.session(request);
        if (session.isEmpty()) {
            return WebResponse.seeOther(LOGIN);
        }
        FormData form = form(request);
        if (!csrfOk(session.get(), request, form)) {
            return message(session.get(), 403, "Forbidden", "This form is no longer valid. Reload the page and try again.");
        }
        Optional<String> name = decode(rawName).filter(jobs::has);
        if (name.isEmpty()) {
            return message(session.get(), 404, "Not found", "There is no such job.");
        }
        String encoded = OperatorQueries.encode(name.get());
        // the reconciliation's button sits on its own page: back there, to its drift
        String back = isReconciliation(name.get()) && "reconciliation".equals(form.get("back"))
                ? BASE + "/reconciliation?" : BASE + "/jobs?";
        String anchor = back.startsWith(BASE + "/jobs") ? "#job-" + encoded : "";
        return jobs.run(name.get(), JobBoard.Trigger.OPERATOR)
                .map(run -> WebResponse.seeOther(back + "ran=" + encoded + anchor))
                .orElseGet(() -> WebResponse.seeOther(back + "busy=" + encoded + anchor));
    }

    // --- helpers ----------------------------------------------------------------------------

    private Frame frame(String session, String title, String section, String notice) {
        return new Frame(title, auth.csrfToken(session), section, notice);
    }

    private WebResponse loginPage(int status, String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("frame", new Frame("Operator sign-in", null, null, null));
        params.put("error", error);
        return render(status, "login", params);
    }

    private WebResponse message(String session, int status, String title, String text) {
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame(session, title, null, null));
        params.put("message", text);
        return render(status, "message", params);
    }

    private WebResponse render(int status, String template, Map<String, Object> params) {
        return WebResponse.html(status, renderer.render("local/operator/" + template, params));
    }

    private static String unreadableNotice(int unreadable) {
        return unreadable == 0 ? null : unreadable + " stored item(s) could not be read and are left out.";
    }

    private boolean csrfOk(String session, WebRequest request, FormData form) {
        return auth.csrfMatches(session, form.get("_csrf")) && OperatorOrigin.sameOrigin(request);
    }

    private static FormData form(WebRequest request) {
        String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new BadRequestException(415, "error.request.mediaType");
        }
        return FormData.parse(request.bodyText());
    }

    /** A percent-encoded path segment; a literal '+' stays a '+'. */
    private static Optional<String> decode(String segment) {
        try {
            return Optional.of(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static Optional<SubscriptionId> decodeId(String segment) {
        return decode(segment).flatMap(text -> {
            try {
                return Optional.of(SubscriptionId.parse(text));
            } catch (IllegalArgumentException notAnId) {
                return Optional.empty();
            }
        });
    }

    private static WebResponse stylesheet() {
        return WebResponse.text(200, "text/css; charset=utf-8", OperatorStyles.CSS)
                .withHeader("Cache-Control", "public, max-age=3600");
    }
}
