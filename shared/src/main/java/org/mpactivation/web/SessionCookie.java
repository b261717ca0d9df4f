package org.mpactivation.web;

import java.time.Duration;
import java.util.Optional;

/**
 * The activation session cookie: HttpOnly, SameSite=Lax (it must survive the marketplace's
 * cross-site POST and the redirect that follows), Secure with the {@code __Host-} prefix wherever
 * the site is served over HTTPS.
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

    public String setCookie(String value) {
        return name() + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
