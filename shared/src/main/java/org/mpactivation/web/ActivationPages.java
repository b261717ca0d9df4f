package org.mpactivation.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.application.ActivationCompletion;
import org.mpactivation.application.ActivationConflictException;
import org.mpactivation.application.ActivationSessions;
import org.mpactivation.application.BillingAccountBinding;
import org.mpactivation.application.FlowStepException;
import org.mpactivation.application.Registration;
import org.mpactivation.application.SessionRejectedException;
import org.mpactivation.application.WorkspaceBinding;
import org.mpactivation.application.WorkspaceCreation;
import org.mpactivation.application.SessionCredentials;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.RandomSource;
import org.mpactivation.port.out.store.StoreUnavailableException;
import org.mpactivation.repository.ReadPlan;
import org.mpactivation.web.PageActions.FormAction;
import org.mpactivation.web.PageActions.FormPage;
import org.mpactivation.web.PageActions.FormReads;
import org.mpactivation.web.PageActions.PageAction;
import org.mpactivation.web.PageActions.PageRequest;

/**
 * The activation pages of both clouds (steps 2 to 6): every page needs the browser's session,
 * every form post a CSRF token. A failed post shows the same page again with what the buyer
 * entered (passwords excepted) and the reason next to the field.
 *
 * <p>Every page and e-mail is in the buyer's language ({@link PageLanguage}). A form's language
 * button ({@code _lang}) shows the same page again in the other language with what was typed; a
 * valid password typed there is kept as its hash in the session's draft, never echoed.
 */
public final class ActivationPages {

    private final ActivationSessions sessions;
    private final Registration registration;
    private final BillingAccountBinding billingAccountBinding;
    private final WorkspaceBinding workspaceBinding;
    private final WorkspaceCreation workspaceCreation;
    private final ActivationCompletion completion;
    private final NextStep nextStep;
    private final SiteCatalog sites;
    private final PageRenderer renderer;
    private final ErrorPageRenderer errors;
    private final SessionCookie cookie;
    private final RandomSource random;
    private final String stylesheet;

    public ActivationPages(ActivationSessions sessions, Registration registration,
                           BillingAccountBinding billingAccountBinding, WorkspaceBinding workspaceBinding,
                           WorkspaceCreation workspaceCreation, ActivationCompletion completion, SiteCatalog sites,
                           PageRenderer renderer, ErrorPageRenderer errors, SessionCookie cookie, RandomSource random) {
        this.sessions = sessions;
        this.registration = registration;
        this.billingAccountBinding = billingAccountBinding;
        this.workspaceBinding = workspaceBinding;
        this.workspaceCreation = workspaceCreation;
        this.completion = completion;
        this.nextStep = new NextStep(completion);
        this.sites = sites;
        this.renderer = renderer;
        this.errors = errors;
        this.cookie = cookie;
        this.random = random;
        this.stylesheet = StaticAssets.read("/assets/app.css");
    }

    public Router mount(Router router) {
        return router
                .get("/activate/assets/app.css", (r, p) -> WebResponse.text(200, "text/css; charset=utf-8", stylesheet)
                        .withHeader("Cache-Control", "public, max-age=3600"))
                .get(ErrorPageRenderer.PATH, (r, p) -> withLanguageChoice(r, errors.shownAgain(r)))
                .get("/activate", page((s, r, p) -> WebResponse.seeOther(nextPage(s))))
                .get("/activate/start", page(this::start))
                .get("/activate/register", page((s, r, p) -> showRegister(s, p.withForm(DraftForms.basicInfo(s.draft())), 200)))
                .post("/activate/register", form(this::postRegister, this::showRegister,
                        (id, f, r) -> registration.formReads(id, f.asMap(), r.client())))
                .get("/activate/register/company", page((s, r, p) -> showCompany(s, p.withForm(DraftForms.company(s.draft())), 200)))
                .post("/activate/register/company", form(this::postCompany, this::showCompany))
                .get("/activate/register/workspace", page((s, r, p) -> showActivation(s, p, 200)))
                .post("/activate/register/workspace", form(this::postActivation, this::showActivation))
                .get("/activate/bind", page((s, r, p) -> showBind(s, p, 200)))
                .post("/activate/bind", form(this::postBind, this::showBind))
                .post("/activate/site", form(this::postSite,
                        (s, p, status) -> errors.page(p.language(), status, "error.site")))
                .get("/activate/workspaces", page((s, r, p) -> showWorkspaces(s, p, 200)))
                .get("/activate/workspaces/{id}/bind", page(this::showBindConfirm))
                .post("/activate/workspaces/{id}/bind", form(this::postBindWorkspace, this::showWorkspaces))
                .get("/activate/workspaces/new/existing", page((s, r, p) -> showCreate("createExisting", s, freshSubmission(p), 200)))
                .post("/activate/workspaces/new/existing", form(this::postCreateExisting,
                        (s, p, status) -> showCreate("createExisting", s, p, status)))
                .get("/activate/workspaces/new/account", page((s, r, p) -> showCreate("createNew", s, freshSubmission(p), 200)))
                .post("/activate/workspaces/new/account", form(this::postCreateNew,
                        (s, p, status) -> showCreate("createNew", s, p, status)))
                .post("/activate/complete", form(this::postComplete, this::showWorkspaces))
                .get("/activate/done", page(this::done, completion::doneReads));
    }

    // ---- pages

    private String nextPage(ActivationSession session) {
        return nextStep.after(session);
    }

    private WebResponse start(ActivationSession session, PageRequest request, PageModel model) {
        if (session.hasBillingAccount()) {
            return WebResponse.seeOther(nextPage(session));
        }
        return render(200, "start", model);
    }

    private WebResponse showRegister(ActivationSession session, PageModel model, int status) {
        if (session.hasBillingAccount()) {
            return WebResponse.seeOther(nextPage(session));
        }
        return render(status, "register", model);
    }

    private WebResponse showCompany(ActivationSession session, PageModel model, int status) {
        if (session.hasBillingAccount()) {
            return WebResponse.seeOther(nextPage(session));
        }
        if (!session.draft().basicInfoComplete()) {
            return WebResponse.seeOther("/activate/register");
        }
        return render(status, "company", model);
    }

    private WebResponse showActivation(ActivationSession session, PageModel model, int status) {
        if (session.hasBillingAccount()) {
            return WebResponse.seeOther(nextPage(session));
        }
        if (session.draft().company() == null) {
            return WebResponse.seeOther("/activate/register/company");
        }
        return render(status, "activation", model);
    }

    private WebResponse showBind(ActivationSession session, PageModel model, int status) {
        if (session.hasBillingAccount()) {
            return WebResponse.seeOther(nextPage(session));
        }
        return render(status, "bind", model, Map.of("codePending", billingAccountBinding.codePending(session)));
    }

    private WebResponse showWorkspaces(ActivationSession session, PageModel model, int status) {
        List<WorkspaceBinding.Row> rows = workspaceBinding.overview(session);
        Map<String, Object> params = new HashMap<>();
        params.put("rows", rows);
        params.put("canConfirm", rows.stream().anyMatch(r -> r.state() == WorkspaceBinding.State.BOUND_HERE));
        return render(status, "workspaces", model, params);
    }

    private WebResponse showBindConfirm(ActivationSession session, PageRequest request, PageModel model) {
        Workspace workspace = workspaceBinding.workspaceToBind(session, request.params().get("id"));
        if (workspace.isBilledThrough(session.subscriptionId())) {
            return WebResponse.seeOther("/activate/workspaces");
        }
        return render(200, "bindConfirm", model, Map.of("workspace", workspace));
    }

    private WebResponse showCreate(String template, ActivationSession session, PageModel model, int status) {
        WorkspaceBinding.requireBillingAccount(session);
        return render(status, template, model);
    }

    private WebResponse done(ActivationSession session, PageRequest request, PageModel model) {
        if (!session.hasBillingAccount() || !completion.isActivated(session)) {
            return WebResponse.seeOther(nextPage(session));
        }
        return render(200, "done", model, Map.of("logins", SiteLogins.of(completion.boundWorkspaces(session), sites)));
    }

    // ---- form posts

    private WebResponse postRegister(ActivationSession session, FormData form, PageModel model,
                                PageRequest request) {
        if ("send-code".equals(form.get("action"))) {
            String masked = registration.sendCode(session, form.get("email"), model.texts().locale(),
                    request.client());
            return showRegister(session, model.withNotice(model.t("register.codeSent", masked)), 200);
        }
        registration.saveBasicInfo(session, new Registration.BasicInfo(form.get("username"), form.get("password"),
                form.get("passwordConfirmation"), form.get("email"), form.get("code"), form.get("phone")));
        return WebResponse.seeOther("/activate/register/company");
    }

    private WebResponse postCompany(ActivationSession session, FormData form, PageModel model,
                                PageRequest request) {
        registration.saveCompany(session, form.get("companyName"), form.get("contactName"), form.get("country"),
                form.get("address"));
        return WebResponse.seeOther("/activate/register/workspace");
    }

    private WebResponse postActivation(ActivationSession session, FormData form, PageModel model,
                                PageRequest request) {
        registration.activate(session, form.get("workspaceName"), form.get("language"), form.get("site"));
        return WebResponse.seeOther("/activate/done");
    }

    private WebResponse postBind(ActivationSession session, FormData form, PageModel model,
                                PageRequest request) {
        if ("send-code".equals(form.get("action"))) {
            String username = billingAccountBinding.sendCode(session, form.get("username"), model.texts().locale(),
                    request.client());
            return showBind(session, model.withNotice(model.t("bind.codeSentTo", username)), 200);
        }
        billingAccountBinding.confirm(session, form.get("code"));
        return WebResponse.seeOther("/activate/workspaces");
    }

    private WebResponse postSite(ActivationSession session, FormData form, PageModel model,
                                PageRequest request) {
        ActivationSession updated = workspaceBinding.chooseSite(session, form.get("site"));
        return WebResponse.seeOther(updated.hasBillingAccount() ? "/activate/workspaces" : "/activate/bind");
    }

    private WebResponse postBindWorkspace(ActivationSession session, FormData form, PageModel model,
                                PageRequest request) {
        workspaceBinding.bind(session, request.params().get("id"));
        return WebResponse.seeOther("/activate/workspaces");
    }

    private WebResponse postCreateExisting(ActivationSession session, FormData form, PageModel model,
                                PageRequest request) {
        if ("send-code".equals(form.get("action"))) {
            String masked = workspaceCreation.sendCodeToConsoleAccount(session, form.get("email"),
                    model.texts().locale(), request.client());
            return showCreate("createExisting", session, model.withNotice(model.t("register.codeSent", masked)), 200);
        }
        workspaceCreation.createForConsoleAccount(session, newWorkspace(form), form.get("email"), form.get("code"));
        return WebResponse.seeOther("/activate/workspaces");
    }

    private WebResponse postCreateNew(ActivationSession session, FormData form, PageModel model,
                                PageRequest request) {
        if ("send-code".equals(form.get("action"))) {
            String masked = workspaceCreation.sendCodeForNewConsoleAccount(session, form.get("email"),
                    model.texts().locale(), request.client());
            return showCreate("createNew", session, model.withNotice(model.t("register.codeSent", masked)), 200);
        }
        workspaceCreation.createWithNewConsoleAccount(session, newWorkspace(form),
                new WorkspaceCreation.NewConsoleAccount(form.get("username"), form.get("password"),
                        form.get("passwordConfirmation"), form.get("email"), form.get("phone")), form.get("code"));
        return WebResponse.seeOther("/activate/workspaces");
    }

    private WebResponse postComplete(ActivationSession session, FormData form, PageModel model,
                                PageRequest request) {
        completion.complete(session);
        return WebResponse.seeOther("/activate/done");
    }

    private static WorkspaceCreation.NewWorkspace newWorkspace(FormData form) {
        return new WorkspaceCreation.NewWorkspace(form.get("submissionId"), form.get("workspaceName"),
                form.get("language"), "on".equals(form.get("terms")));
    }

    // ---- plumbing

    private java.util.function.BiFunction<WebRequest, Map<String, String>, WebResponse> page(PageAction action) {
        return page(action, null);
    }

    /** A page whose step's reads are known from the session id: they go with the session's. */
    private java.util.function.BiFunction<WebRequest, Map<String, String>, WebResponse> page(PageAction action,
                                                            java.util.function.Function<String, ReadPlan> reads) {
        return (request, params) -> guarded(request, () -> {
            Optional<SessionCredentials> presented = cookie.read(request).flatMap(sessions::parseCookie);
            presented.filter(c -> reads != null).ifPresent(c -> sessions.readAhead(presented, reads.apply(c.sessionId())));
            ActivationSession session = sessions.authenticate(presented);
            if (session.needsSignIn()) {
                return WebResponse.seeOther(AzureLandingRoute.SIGN_IN);
            }
            PageModel model = model(session, FormState.empty(), PageLanguage.of(request));
            return withLanguageChoice(request, action.run(session, new PageRequest(request, params), model));
        });
    }

    private java.util.function.BiFunction<WebRequest, Map<String, String>, WebResponse> form(FormAction action,
                                                                                            FormPage page) {
        return form(action, page, FormReads.NONE);
    }

    private java.util.function.BiFunction<WebRequest, Map<String, String>, WebResponse> form(FormAction action,
                                                                                            FormPage page, FormReads reads) {
        return (request, params) -> guarded(request, () -> {
            Optional<SessionCredentials> presented = cookie.read(request).flatMap(sessions::parseCookie);
            presented.ifPresent(credentials -> Forms.readable(request).ifPresent(form -> sessions.readAhead(presented,
                    reads.plan(credentials.sessionId(), form, new PageRequest(request, params)))));
            ActivationSession session = sessions.authenticate(presented);
            FormData form = Forms.parse(request);
            FormOrigin.check(sessions, session, request, form);
            if (session.needsSignIn()) {
                throw new BadRequestException(403, "error.signin.required");
            }
            if (session.isCompleted()) {
                return WebResponse.seeOther("/activate/done");
            }
            Optional<PageLanguage> switched = PageLanguage.ofCode(form.get(PageLanguage.SWITCH_FIELD));
            PageModel model = model(session, FormState.of(form.asMap()),
                    switched.orElseGet(() -> PageLanguage.of(request)));
            if (switched.isPresent()) {
                return switchLanguage(session, form, model, page);
            }
            try {
                return action.run(session, form, model, new PageRequest(request, params));
            } catch (RuntimeException refusal) {
                return FormRefusals.show(refusal, model, shown -> page.show(session, shown.model(), shown.status()));
            }
        });
    }

    /**
     * The form's language button: the same page again in the chosen language, with what was typed;
     * nothing is submitted. A valid new password is kept as its hash (see {@code Registration}).
     */
    private WebResponse switchLanguage(ActivationSession session, FormData form, PageModel model, FormPage page) {
        PageModel shown = model;
        if (!form.getOrEmpty("password").isEmpty() || !form.getOrEmpty("passwordConfirmation").isEmpty()) {
            shown = model.withPasswordKept(registration.keepPassword(session, form.get("password"),
                    form.get("passwordConfirmation")));
        }
        return page.show(session, shown, 200).withCookie(model.language().setCookie(cookie.secure()));
    }

    /** A GET that chose a language ({@code ?lang=zh}) remembers it in the language cookie. */
    private WebResponse withLanguageChoice(WebRequest request, WebResponse response) {
        return PageLanguage.choiceOnGet(request)
                .map(language -> response.withCookie(language.setCookie(cookie.secure())))
                .orElse(response);
    }

    private WebResponse guarded(WebRequest request, java.util.function.Supplier<WebResponse> body) {
        try {
            return body.get();
        } catch (SessionRejectedException e) {
            boolean otherBrowser = e.reason() == SessionRejectedException.Reason.OTHER_BROWSER;
            return errors.page(request, otherBrowser ? 403 : 401,
                    otherBrowser ? "error.session.otherBrowser" : "error.session.missing", true,
                    ErrorPageRenderer.EITHER_CLOUD);
        } catch (FlowStepException e) {
            return WebResponse.seeOther(switch (e.page()) {
                case "basic" -> "/activate/register";
                case "company" -> "/activate/register/company";
                default -> "/activate";
            });
        } catch (ActivationConflictException e) {
            return errors.page(request, 409, e.messageKey());
        } catch (StoreUnavailableException e) {
            return errors.page(request, 503, "error.unavailable").withHeader("Retry-After", "5");
        } catch (MarketplaceUnavailableException e) {
            // the marketplace's activate call (Azure) could not be made now; nothing was stored as active
            return errors.page(request, 503, "error.unavailable").withHeader("Retry-After", "5");
        }
    }

    private PageModel model(ActivationSession session, FormState form, PageLanguage language) {
        String cloudName = session.subscriptionId().cloud() == Cloud.AZURE ? "Microsoft" : "AWS";
        return new PageModel(new Texts(language), sessions.csrfToken(session), sites.all(), session.siteId(), form,
                null, cloudName, session.draft().passwordHash() != null);
    }

    private PageModel freshSubmission(PageModel model) {
        return model.withForm(model.form().withValue("submissionId", random.newId()));
    }

    private WebResponse render(int status, String template, PageModel model) {
        return render(status, template, model, Map.of());
    }

    private WebResponse render(int status, String template, PageModel model, Map<String, Object> extra) {
        Map<String, Object> params = new HashMap<>(extra);
        params.put("p", model);
        return WebResponse.html(status, renderer.render(template, params));
    }
}
