package org.mpactivation.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.application.ActivationSessions;
import org.mpactivation.application.SessionRejectedException;
import org.mpactivation.application.StartAwsActivation;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.store.StoreContentionException;
import org.mpactivation.port.out.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fulfillment URL entered in the AWS Marketplace Management Portal. The buyer's browser POSTs
 * the registration token here (a cross-site form post by design, so no CSRF token); we resolve it
 * and send the browser on to the activation pages with a 303, the token never in a URL.
 */
public final class AwsFulfillmentRoute {

    public static final String PATH = "/aws/fulfillment";
    private static final Logger LOG = LoggerFactory.getLogger(AwsFulfillmentRoute.class);

    private final StartAwsActivation startActivation;
    private final ActivationSessions sessions;
    private final SessionCookie cookie;
    private final ErrorPageRenderer errors;
    private final NextStep nextStep;

    public AwsFulfillmentRoute(StartAwsActivation startActivation, ActivationSessions sessions, SessionCookie cookie,
                               ErrorPageRenderer errors, NextStep nextStep) {
        this.nextStep = nextStep;
        this.startActivation = startActivation;
        this.sessions = sessions;
        this.cookie = cookie;
        this.errors = errors;
    }

    public Router mount(Router router) {
        return router.post(PATH, this::arrive);
    }

    private WebResponse arrive(WebRequest request, Map<String, String> params) {
        FormData form = Forms.parse(request);
        Optional<PageLanguage> switched = PageLanguage.ofCode(form.get(PageLanguage.SWITCH_FIELD));
        if (switched.isPresent()) {
            // the busy page's language switch: the same page again in the other language; nothing was tried,
            // so the answer is the page itself (200), not a claim that the service is busy
            return errors.retryPage(switched.get(), 200, "error.unavailable", "AWS", PATH, retryFields(form))
                    .withCookie(switched.get().setCookie(cookie.secure()));
        }
        try {
            ActivationSessions.Started started = startActivation.arrive(form.get("x-amzn-marketplace-token"),
                    form.get("x-amzn-marketplace-offer-type"), cookie.read(request).flatMap(sessions::parseCookie));
            // straight to the page the session goes on at, not through /activate: one hop and one read fewer
            return WebResponse.seeOther(nextStep.after(started.session()))
                    .withCookie(cookie.setCookie(sessions.cookieValue(started.credentials())));
        } catch (InvalidInputException e) {
            return errors.page(request, 400, "error.token.missing", true, "AWS");
        } catch (MarketplaceTokenRejectedException e) {
            LOG.info("marketplace token rejected reason={}", e.reason());
            return errors.page(request, 400, e.reason() == MarketplaceTokenRejectedException.Reason.EXPIRED
                    ? "error.token.expired" : "error.token.invalid", true, "AWS");
        } catch (MarketplaceUnavailableException e) {
            LOG.warn("marketplace unavailable: {}", e.getMessage());
            return busy(request, form);
        } catch (StoreContentionException e) {
            // many requests for this one token at the same moment (a buyer's double submit, or a script): the
            // same page, but a conflict of requests, not a busy service
            LOG.warn("concurrent arrivals of one token");
            return errors.retryPage(request, 409, "error.unavailable", "AWS", PATH, retryFields(form))
                    .withHeader("Retry-After", "1");
        } catch (StoreUnavailableException e) {
            LOG.warn("store unavailable at arrival");
            return busy(request, form);
        } catch (SessionRejectedException e) {
            if (e.heldSession().isEmpty()) {
                return errors.page(request, 409, "error.session.otherBrowser", true, "AWS");
            }
            // the marketplace's cross-site POST carried no cookie: a same-site GET reads it and tells
            return WebResponse.seeOther(ResumeRoute.PATH)
                    .withCookie(cookie.setTicket(sessions.resumeTicket(e.heldSession().get())));
        }
    }

    /**
     * Nothing was resolved, so the activation pages cannot help yet: the busy page re-posts the token
     * from our own site (in its body, never in a URL), which resumes the same activation.
     */
    private WebResponse busy(WebRequest request, FormData form) {
        return errors.retryPage(request, 503, "error.unavailable", "AWS", PATH, retryFields(form))
                .withHeader("Retry-After", "5");
    }

    private static Map<String, String> retryFields(FormData form) {
        Map<String, String> retry = new LinkedHashMap<>();
        retry.put("x-amzn-marketplace-token", form.get("x-amzn-marketplace-token"));
        String offerType = form.get("x-amzn-marketplace-offer-type");
        if (offerType != null && !offerType.isBlank()) {
            retry.put("x-amzn-marketplace-offer-type", offerType);
        }
        return retry;
    }
}
