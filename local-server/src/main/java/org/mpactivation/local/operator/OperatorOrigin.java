package org.mpactivation.local.operator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.mpactivation.web.WebRequest;

/**
 * Whether an operator form post comes from this server's own pages: a browser's {@code Origin}, where sent,
 * must name the host the browser addressed. Pages are served with {@code Referrer-Policy: no-referrer}, under
 * which browsers send {@code Origin: null} even for their own forms: then {@code Sec-Fetch-Site}, where sent,
 * decides. Every operator form applies it.
 */
final class OperatorOrigin {

    private OperatorOrigin() {
    }

    static boolean sameOrigin(WebRequest request) {
        Optional<String> fetchSite = request.header("sec-fetch-site");
        if (fetchSite.isPresent() && !fetchSite.get().equals("same-origin") && !fetchSite.get().equals("none")) {
            return false;
        }
        Optional<String> origin = request.header("origin");
        Optional<String> host = request.header("host");
        if (origin.isEmpty() || host.isEmpty() || origin.get().equals("null")) {
            return true;
        }
        try {
            String authority = new URI(origin.get()).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.get());
        } catch (URISyntaxException notAUri) {
            return false;
        }
    }
}
