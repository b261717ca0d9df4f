package org.mpactivation.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mpactivation.domain.SiteCatalog;

/**
 * Renders the error page: what went wrong in the buyer's words and language, and how to go on.
 *
 * <p>An error page has no form, so its language switch is a link to {@link #PATH}, which shows the
 * same message in the other language (an error answered to a POST could not be repeated by a GET).
 */
public final class ErrorPageRenderer implements Router.ErrorPages {

    /** Shows a message of the bundle again: {@code ?m=key&r=1&c=cloud&lang=zh}. */
    public static final String PATH = "/activate/error";
    /** The cloud name of a page that cannot know the buyer's cloud; shown in the page's language. */
    public static final String EITHER_CLOUD = "AWS or Azure";
    private static final Set<String> CLOUD_NAMES = Set.of("AWS", "Azure", "Microsoft", EITHER_CLOUD);

    private final PageRenderer renderer;
    private final SiteCatalog sites;
    private final String defaultCloudName;

    public ErrorPageRenderer(PageRenderer renderer, SiteCatalog sites, String defaultCloudName) {
        this.renderer = renderer;
        this.sites = sites;
        this.defaultCloudName = defaultCloudName;
    }

    /** An error page in English, for a caller that has no request. */
    @Override
    public WebResponse page(int status, String messageKey) {
        return page(PageLanguage.EN, status, messageKey);
    }

    @Override
    public WebResponse page(WebRequest request, int status, String messageKey) {
        return page(request, status, messageKey, false, defaultCloudName);
    }

    public WebResponse page(WebRequest request, int status, String messageKey, boolean restart, String cloudName) {
        return page(PageLanguage.of(request), status, messageKey, restart, cloudName);
    }

    public WebResponse page(PageLanguage language, int status, String messageKey) {
        return page(language, status, messageKey, false, defaultCloudName);
    }

    public WebResponse page(PageLanguage language, int status, String messageKey, boolean restart, String cloudName) {
        return render(language, status, messageKey, restart, true, cloudName);
    }

    /** A page that says what happened and no way on here: the buyer continues elsewhere. */
    public WebResponse deadEnd(WebRequest request, int status, String messageKey, String cloudName) {
        return render(PageLanguage.of(request), status, messageKey, false, false, cloudName);
    }

    /**
     * The error page with a "Try again" button that posts {@code fields} to {@code action} again; its
     * language switch is a second button of the same form (the action reads the {@code _lang} field).
     */
    public WebResponse retryPage(WebRequest request, int status, String messageKey, String cloudName, String action,
                                 Map<String, String> fields) {
        return retryPage(PageLanguage.of(request), status, messageKey, cloudName, action, fields);
    }

    public WebResponse retryPage(PageLanguage language, int status, String messageKey, String cloudName, String action,
                                 Map<String, String> fields) {
        PageModel model = model(language, cloudName);
        Map<String, Object> params = new HashMap<>();
        params.put("p", model);
        params.put("message", model.t(messageKey));
        params.put("action", action);
        params.put("fields", fields);
        return WebResponse.html(status, renderer.render("retry", params));
    }

    private WebResponse render(PageLanguage language, int status, String messageKey, boolean restart,
                               boolean backLink, String cloudName) {
        PageModel model = model(language, cloudName);
        Map<String, Object> params = new HashMap<>();
        params.put("p", model);
        params.put("message", model.t(messageKey));
        params.put("restart", restart);
        params.put("backLink", backLink);
        params.put("languageLink", PATH + "?m=" + encode(messageKey) + (restart ? "&r=1" : "")
                + (backLink ? "" : "&d=1") + "&c=" + encode(cloudName) + "&lang=" + language.other().code());
        return WebResponse.html(status, renderer.render("error", params));
    }

    private PageModel model(PageLanguage language, String cloudName) {
        Texts texts = new Texts(language);
        return new PageModel(texts, null, sites.all(), sites.defaultSite().id(), FormState.empty(), null,
                EITHER_CLOUD.equals(cloudName) ? texts.get("cloud.either") : cloudName);
    }

    /** The page behind the error pages' language link; only error messages of the bundle are shown. */
    public WebResponse shownAgain(WebRequest request) {
        PageLanguage language = PageLanguage.of(request);
        String key = request.queryParam("m").orElse("");
        if (!key.startsWith("error.") || !new Texts(language).has(key)) {
            return page(language, 404, "error.request.notFound");
        }
        String cloudName = request.queryParam("c").filter(CLOUD_NAMES::contains).orElse(defaultCloudName);
        return render(language, 200, key, request.queryParam("r").isPresent(), request.queryParam("d").isEmpty(),
                cloudName);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
