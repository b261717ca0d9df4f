package org.mpactivation.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.application.ActivationCompletion;
import org.mpactivation.application.ActivationSessions;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * Where a marketplace link opened again lands when its session is held by a browser the arrival
 * could not recognise. AWS Marketplace's form POST is cross-site, so a SameSite=Lax cookie never comes
 * with it; this same-site GET reads the cookie beside the arrival's short-lived ticket:
 * <ul>
 *   <li>activated: a page saying so and where to log in (the sites of the bound workspaces, nothing
 *       private), whichever browser asks;</li>
 *   <li>this browser holds the session: on to the step the buyer reached;</li>
 *   <li>another browser holds it, with the buyer's input: continue there.</li>
 * </ul>
 */
public final class ResumeRoute {

    public static final String PATH = "/activate/resume";

    private final ActivationSessions sessions;
    private final ActivationCompletion completion;
    private final SiteCatalog sites;
    private final SessionCookie cookie;
    private final PageRenderer renderer;
    private final ErrorPageRenderer errors;

    public ResumeRoute(ActivationSessions sessions, ActivationCompletion completion, SiteCatalog sites,
                       SessionCookie cookie, PageRenderer renderer, ErrorPageRenderer errors) {
        this.sessions = sessions;
        this.completion = completion;
        this.sites = sites;
        this.cookie = cookie;
        this.renderer = renderer;
        this.errors = errors;
    }

    public Router mount(Router router) {
        return router.get(PATH, (request, params) -> {
            try {
                return resume(request);
            } catch (StoreUnavailableException e) {
                return errors.page(request, 503, "error.unavailable", true, ErrorPageRenderer.EITHER_CLOUD).withHeader("Retry-After", "5");
            }
        });
    }

    private WebResponse resume(WebRequest request) {
        Optional<ActivationSession> held = cookie.readTicket(request).flatMap(sessions::ticketSession)
                .flatMap(sessions::find);
        if (held.isEmpty()) {
            return errors.page(request, 401, "error.session.missing", true, ErrorPageRenderer.EITHER_CLOUD);
        }
        ActivationSession session = held.get();
        String cloudName = session.subscriptionId().cloud() == Cloud.AZURE ? "Microsoft" : "AWS";
        if (completion.isActivated(session)) {
            return alreadyActivated(request, session, cloudName).withCookie(cookie.clearTicket());
        }
        if (sessions.holds(session, cookie.read(request).flatMap(sessions::parseCookie))) {
            return WebResponse.seeOther("/activate").withCookie(cookie.clearTicket());
        }
        return errors.deadEnd(request, 409, "error.session.heldElsewhere", cloudName).withCookie(cookie.clearTicket());
    }

    private WebResponse alreadyActivated(WebRequest request, ActivationSession session, String cloudName) {
        PageModel model = new PageModel(new Texts(PageLanguage.of(request)), null, sites.all(), session.siteId(),
                FormState.empty(), null, cloudName);
        Map<String, Object> params = new HashMap<>();
        params.put("p", model);
        params.put("sites", SiteLogins.sitesOf(completion.boundWorkspaces(session), sites));
        return WebResponse.html(200, renderer.render("activated", params));
    }
}
