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
        PageModel model = new PageModel(new Texts(Locale.ENGLISH), null, sites.all(),
                sites.defaultSite().id(), FormState.empty(), null, cloudName);
        Map<String, Object> params = new HashMap<>();
        params.put("p", model);
        params.put("message", model.t(messageKey));
        params.put("restart", restart);
        return WebResponse.html(status, renderer.render("error", params));
    }

}
