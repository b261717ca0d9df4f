package org.mpactivation.web;

/**
 * The headers every answer carries: no caching of personal pages, a strict CSP, no framing, no referrer, and
 * over HTTPS the HSTS policy.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {
    }

    static WebResponse apply(WebResponse response, Transport transport) {
        WebResponse r = response
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("X-Frame-Options", "DENY");
        if (!r.headers().containsKey("Cache-Control")) {
            r = r.withHeader("Cache-Control", "no-store");
        }
        String type = r.headers().getOrDefault("Content-Type", "");
        if (type.startsWith("text/html") || r.status() >= 300) {
            r = r.withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        if (transport.secure()) {
            r = r.withHeader("Strict-Transport-Security", Transport.STRICT_TRANSPORT_SECURITY);
        }
        return r;
    }
}
