package org.mpactivation.azure;

import java.util.Map;
import org.mpactivation.config.SiteSettings;
import org.mpactivation.web.ErrorPageRenderer;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebResponse;

/**
 * Builds the Azure functions' object graph from app settings, once per worker process (the
 * functions hold it in a static holder, since the Java worker creates a function instance per call).
 */
public final class AzureFunctions {

    private AzureFunctions() {
    }

    /** The router behind the activation function: the pages Azure buyers see, and the health check. */
    public static Router activationRouter(Map<String, String> env) {
        ErrorPageRenderer errors = new ErrorPageRenderer(new PageRenderer(),
                SiteSettings.parse(env.getOrDefault("SITES", "")), "Azure");
        Router router = new Router(errors);
        router.get("/healthz", (request, params) -> WebResponse.text(200, "text/plain; charset=utf-8", "ok"));
        // the Azure issue adds the landing page (?token= resolved with SaaS Fulfillment v2), buyer sign-in
        // with Microsoft Entra ID and the shared activation pages, built through ActivationApplication on
        // the same store as AWS; the webhook and the hourly metering become functions of their own
        return router;
    }
}
