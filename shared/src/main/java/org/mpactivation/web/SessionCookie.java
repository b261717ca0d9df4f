package org.mpactivation.web;

import java.time.Duration;
import java.util.Optional;

/**
 * The activation session cookie: HttpOnly, SameSite=Lax, Secure with the {@code __Host-} prefix
 * wherever the site is served over HTTPS. The answer to the marketplace's cross-site POST (a top-level
 * navigation) may set it and the GETs that follow carry it, but that POST itself never does: a link
 * opened again is recognised on the same-site resume page, with the short-lived ticket cookie.
 */
public final class SessionCookie {

    private final boolean secure;
    private final Duration maxAge;

    public SessionCookie(boolean secure, Duration maxAge) {
        this.secure = secure;
        this.maxAge = maxAge;
    }

    /** Whether the site is served over HTTPS: every cookie we set is then Secure. */
    public boolean secure() {
        return secure;
    }

    public String name() {
        return secure ? "__Host-activation" : "activation";
    }

    public Optional<String> read(WebRequest request) {
        return request.cookie(name());
    }

    /** The resume ticket's cookie, beside the session's: it lives minutes, not the session's lifetime. */
    public Optional<String> readTicket(WebRequest request) {
        return request.cookie(ticketName());
    }

    public String setTicket(String value) {
        return ticketName() + "=" + value + "; Path=/; Max-Age=600; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    public String clearTicket() {
        return ticketName() + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    private String ticketName() {
        return name() + "-resume";
    }

    public String setCookie(String value) {
        return name() + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
