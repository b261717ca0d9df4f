package org.mpactivation.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * Renders the precompiled page templates (HTML-escaped by default; nothing is parsed at run time). The template
 * engine is built by the first page rendered, not with the router: a request that only redirects (the Azure
 * landing) loads none of its classes on a cold start.
 */
public final class PageRenderer {

    public String render(String template, Map<String, Object> params) {
        return Engine.render(template, params);
    }

    /** The one engine of the process, in a holder of its own so that the renderer's class refers to no jte type. */
    private static final class Engine {
        private static final TemplateEngine HTML = TemplateEngine.createPrecompiled(ContentType.Html);

        static String render(String template, Map<String, Object> params) {
            StringOutput output = new StringOutput(8192);
            HTML.render(template + ".jte", params, output);
            return output.toString();
        }
    }
}
