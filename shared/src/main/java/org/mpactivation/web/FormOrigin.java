package org.mpactivation.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.mpactivation.application.ActivationSessions;
import org.mpactivation.domain.ActivationSession;

/**
 * A form post must come from our own page in the buyer's session: it carries the session's CSRF
 * token, and an Origin header, where the browser sends one, names our host.
 */
final class FormOrigin {

    private FormOrigin() {
    }

    /** @throws BadRequestException 403 for a post from anywhere else */
    static void check(ActivationSessions sessions, ActivationSession session, WebRequest request, FormData form) {
        if (!sessions.csrfTokenMatches(session, form.get("_csrf"))) {
            throw new BadRequestException(403, "error.request.csrf");
        }
        Optional<String> origin = request.header("origin");
        Optional<String> host = request.header("host");
        if (origin.isPresent() && host.isPresent() && !"null".equals(origin.get())) {
            if (!host.get().equalsIgnoreCase(authorityOf(origin.get()))) {
                throw new BadRequestException(403, "error.request.csrf");
            }
        }
    }

    /** The authority of an Origin header; null for one that is not a URI (a forged header is a 403, not a 500). */
    private static String authorityOf(String origin) {
        try {
            return new URI(origin).getRawAuthority();
        } catch (URISyntaxException notAUri) {
            return null;
        }
    }
}
