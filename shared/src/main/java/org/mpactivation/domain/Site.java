package org.mpactivation.domain;

import java.net.URI;
import java.util.Objects;

/** A deployment region of the product, with its console login page. Sites are configuration. */
public record Site(String id, String nameEn, String nameZh, URI consoleLoginUrl) {

    public Site {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nameEn, "nameEn");
        Objects.requireNonNull(nameZh, "nameZh");
        Objects.requireNonNull(consoleLoginUrl, "consoleLoginUrl");
        if (!id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("site id must be lower-case letters, digits and dashes: " + id);
        }
        String scheme = consoleLoginUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("console login URL must be http(s): " + id);
        }
    }

    public String name(String language) {
        return "zh".equals(language) ? nameZh : nameEn;
    }
}
