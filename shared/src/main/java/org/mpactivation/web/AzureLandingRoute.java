package org.mpactivation.web;

import java.util.Map;
import java.util.Optional;
import org.mpactivation.application.ActivationConflictException;
import org.mpactivation.application.ActivationSessions;
import org.mpactivation.application.BuyerSignInFlow;
import org.mpactivation.application.SessionRejectedException;
import org.mpactivation.application.StartAzureActivation;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.SignInRejectedException;
import org.mpactivation.port.out.store.StoreContentionException;
import org.mpactivation.port.out.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The landing page entered in Partner Center, and the buyer's sign-in with Microsoft Entra ID.
 *
 * <ul>
 *   <li>{@code GET /azure/landing?token=…}: the Azure portal's "Configure account" opens it. The token is
 *       resolved, the session started, and the browser sent to sign in (the token never appears in a
 *       URL after this one; {@code Referrer-Policy: no-referrer} keeps it from leaving with the redirect).
 *   <li>{@code GET /azure/signin}: starts a sign-in for the browser's session (the pages send an Azure
 *       buyer who has not signed in here).
 *   <li>{@code GET /azure/signin/callback?code=…&state=…}: the identity provider's answer; the state is
 *       single-use and bound to this browser's session; then on to the activation pages.
 * </ul>
 */
public final class AzureLandingRoute {

    public static final String LANDING = "/azure/landing";
    public static final String SIGN_IN = "/azure/signin";
    public static final String CALLBACK = "/azure/signin/callback";
    private static final String CLOUD = "Azure";
    private static final Logger LOG = LoggerFactory.getLogger(AzureLandingRoute.class);

    private final StartAzureActivation start;
    private final BuyerSignInFlow signIn;
    private final ActivationSessions sessions;
    private final SessionCookie cookie;
    private final ErrorPageRenderer errors;

    public AzureLandingRoute(StartAzureActivation start, BuyerSignInFlow signIn, ActivationSessions sessions,
                             SessionCookie cookie, ErrorPageRenderer errors) {
        this.start = start;
        this.signIn = signIn;
        this.sessions = sessions;
        this.cookie = cookie;
        this.errors = errors;
    }

    public Router mount(Router router) {
        return router.get(LANDING, (request, params) -> guarded(request, () -> land(request)))
                .get(SIGN_IN, (request, params) -> guarded(request, () -> beginSignIn(request)))
                .get(CALLBACK, (request, params) -> guarded(request, () -> callback(request)));
    }

    private WebResponse land(WebRequest request) {
        Optional<String> token = request.queryParam("token")
                // the query is decoded as a form would be: a '+' left unencoded came through as a space,
                // and a landing token never holds one
                .map(value -> value.replace(' ', '+'));
        if (token.isPresent()) {
            // a buyer with a token is sent to sign in next: the provider's discovery overlaps the resolve call
            signIn.prepare();
        }
        try {
            ActivationSessions.Started started = start.arrive(token.orElse(null),
                    cookie.read(request).flatMap(sessions::parseCookie));
            ActivationSession session = started.session();
            String next = session.needsSignIn() ? signIn.begin(session).toString() : "/activate";
            return WebResponse.seeOther(next).withCookie(cookie.setCookie(sessions.cookieValue(started.credentials())));
        } catch (InvalidInputException e) {
            return errors.page(request, 400, "error.token.missing", true, CLOUD);
        } catch (MarketplaceTokenRejectedException e) {
            LOG.info("azure landing token rejected reason={}", e.reason());
            return errors.page(request, 400, e.reason() == MarketplaceTokenRejectedException.Reason.EXPIRED
                    ? "error.azure.tokenExpired" : "error.token.invalid", true, CLOUD);
        } catch (SessionRejectedException e) {
            if (e.heldSession().isEmpty()) {
                return errors.page(request, 409, "error.session.otherBrowser", true, CLOUD);
            }
            // already activated, or held by another browser: the resume page says which, privately
            return WebResponse.seeOther(ResumeRoute.PATH)
                    .withCookie(cookie.setTicket(sessions.resumeTicket(e.heldSession().get())));
        } catch (MarketplaceAccessException e) {
            throw e;
        } catch (StoreContentionException e) {
            LOG.warn("concurrent landings of one token");
            return errors.deadEnd(request, 409, "error.unavailable.reload", CLOUD).withHeader("Retry-After", "1");
        } catch (MarketplaceUnavailableException | StoreUnavailableException e) {
            LOG.warn("azure landing busy: {}", e.getClass().getSimpleName());
            // nothing was started, so the activation pages cannot help: this same link, reloaded, can
            return errors.deadEnd(request, 503, "error.unavailable.reload", CLOUD).withHeader("Retry-After", "5");
        }
    }

    private WebResponse beginSignIn(WebRequest request) {
        ActivationSession session = authenticate(request);
        if (!session.needsSignIn()) {
            return WebResponse.seeOther("/activate");
        }
        return WebResponse.seeOther(signIn.begin(session).toString());
    }

    private WebResponse callback(WebRequest request) {
        ActivationSession session = authenticate(request);
        Optional<String> error = request.queryParam("error");
        if (error.isPresent()) {
            // the buyer cancelled, or the provider refused (the text is the provider's, not shown)
            LOG.info("azure sign-in returned an error code={}", error.get().length() > 64
                    ? error.get().substring(0, 64) : error.get());
            return errors.page(request, 401, "error.signin.cancelled", false, CLOUD);
        }
        try {
            signIn.finish(session, request.queryParam("state").orElse(null), request.queryParam("code").orElse(null));
            return WebResponse.seeOther("/activate");
        } catch (SignInRejectedException e) {
            LOG.warn("azure sign-in rejected subscription={} reason={}", session.subscriptionId(), e.getMessage());
            return errors.page(request, 400, "error.signin.failed", false, CLOUD);
        }
    }

    private ActivationSession authenticate(WebRequest request) {
        return sessions.authenticate(cookie.read(request).flatMap(sessions::parseCookie));
    }

    private WebResponse guarded(WebRequest request, java.util.function.Supplier<WebResponse> body) {
        try {
            return body.get();
        } catch (SessionRejectedException e) {
            boolean otherBrowser = e.reason() == SessionRejectedException.Reason.OTHER_BROWSER;
            return errors.page(request, otherBrowser ? 403 : 401,
                    otherBrowser ? "error.session.otherBrowser" : "error.session.missing", true, CLOUD);
        } catch (ActivationConflictException e) {
            return errors.page(request, 409, e.messageKey(), true, CLOUD);
        } catch (MarketplaceAccessException e) {
            LOG.error("azure marketplace refused our access: {}", e.getMessage());
            return errors.page(request, 503, "error.azure.access", false, CLOUD).withHeader("Retry-After", "60");
        } catch (MarketplaceUnavailableException e) {
            LOG.warn("azure marketplace or sign-in unavailable: {}", e.getMessage());
            return errors.page(request, 503, "error.unavailable", false, CLOUD).withHeader("Retry-After", "5");
        } catch (StoreUnavailableException e) {
            LOG.warn("store unavailable at the azure landing");
            return errors.page(request, 503, "error.unavailable", false, CLOUD).withHeader("Retry-After", "5");
        }
    }
}
