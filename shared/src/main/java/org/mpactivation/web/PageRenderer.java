package org.mpactivation.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/** Renders the precompiled page templates (HTML-escaped by default; nothing is parsed at run time). */
public final class PageRenderer {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public String render(String template, Map<String, Object> params) {
        StringOutput output = new StringOutput(8192);
        engine.render(template + ".jte", params, output);
        return output.toString();
    }
}
