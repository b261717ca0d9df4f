package org.mpactivation.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.mpactivation.domain.SiteCatalog;

/** Renders the error page: what went wrong in the buyer's words, and how to go on. */
public final class ErrorPageRenderer implements Router.ErrorPages {

    private final PageRenderer renderer;
    private final SiteCatalog sites;
    private final String defaultCloudName;

    public ErrorPageRenderer(PageRenderer renderer, SiteCatalog sites, String defaultCloudName) {
        this.renderer = renderer;
        this.sites = sites;
        this.defaultCloudName = defaultCloudName;
    }

    @Override
    public WebResponse page(int status, String messageKey) {
        return page(status, messageKey, false, defaultCloudName);
    }

    public WebResponse page(int status, String messageKey, boolean restart, String cloudName) {
        return render(status, messageKey, restart, true, cloudName);
    }

    /** A page that says what happened and no way on here: the buyer continues elsewhere. */
    public WebResponse deadEnd(int status, String messageKey, String cloudName) {
        return render(status, messageKey, false, false, cloudName);
    }

    /** The error page with a "Try again" button that posts {@code fields} to {@code action} again. */
    public WebResponse retryPage(int status, String messageKey, String cloudName, String action,
                                 Map<String, String> fields) {
        PageModel model = model(cloudName);
        Map<String, Object> params = new HashMap<>();
        params.put("p", model);
        params.put("message", model.t(messageKey));
        params.put("action", action);
        params.put("fields", fields);
        return WebResponse.html(status, renderer.render("retry", params));
    }

    private WebResponse render(int status, String messageKey, boolean restart, boolean backLink, String cloudName) {
        PageModel model = model(cloudName);
        Map<String, Object> params = new HashMap<>();
        params.put("p", model);
        params.put("message", model.t(messageKey));
        params.put("restart", restart);
        params.put("backLink", backLink);
        return WebResponse.html(status, renderer.render("error", params));
    }

    private PageModel model(String cloudName) {
        return new PageModel(new Texts(Locale.ENGLISH), null, sites.all(),
                sites.defaultSite().id(), FormState.empty(), null, cloudName);
    }

}
