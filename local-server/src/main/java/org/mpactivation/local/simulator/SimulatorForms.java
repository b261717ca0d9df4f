package org.mpactivation.local.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.FormData;
import org.mpactivation.web.WebRequest;

/**
 * Reads the simulator's form posts. They are developer tools on a local server, but a page on another
 * site could still post to it from the developer's browser: posts from another site are refused
 * ({@code Sec-Fetch-Site}, or an {@code Origin} naming another host), and only URL-encoded forms are read.
 */
final class SimulatorForms {

    private SimulatorForms() {
    }

    static FormData parse(WebRequest request) {
        requireSameOrigin(request);
        String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new BadRequestException(415, "error.request.mediaType");
        }
        return FormData.parse(request.bodyText());
    }

    static void requireSameOrigin(WebRequest request) {
        String site = request.header("sec-fetch-site").orElse("").toLowerCase(Locale.ROOT);
        if (site.equals("cross-site") || site.equals("same-site")) {
            throw new BadRequestException(403, "error.request.csrf");
        }
        Optional<String> origin = request.header("origin");
        Optional<String> host = request.header("host");
        // "null" is what browsers send under Referrer-Policy: no-referrer; Sec-Fetch-Site covers that case
        if (origin.isPresent() && !"null".equals(origin.get()) && host.isPresent()
                && !host.get().equalsIgnoreCase(authorityOf(origin.get()))) {
            throw new BadRequestException(403, "error.request.csrf");
        }
    }

    private static String authorityOf(String origin) {
        try {
            return new URI(origin).getRawAuthority();
        } catch (URISyntaxException notAUri) {
            return null;
        }
    }
}
