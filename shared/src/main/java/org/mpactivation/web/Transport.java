package org.mpactivation.web;

/**
 * How browsers reach this process. Deployed, always {@link #HTTPS} (API Gateway and Azure Functions serve nothing
 * else): every cookie is {@code Secure} with the {@code __Host-} prefix and every answer carries
 * {@code Strict-Transport-Security}. {@link #LOCAL_PLAIN_HTTP} is for a local run on {@code http://localhost} only.
 */
public enum Transport {
    HTTPS,
    LOCAL_PLAIN_HTTP;

    /** The HSTS policy: a year, subdomains included. */
    public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

    /** The transport a {@code SECURE_COOKIES} setting stands for ({@code true}, the default: HTTPS). */
    public static Transport ofSecureSetting(boolean secure) {
        return secure ? HTTPS : LOCAL_PLAIN_HTTP;
    }

    public boolean secure() {
        return this == HTTPS;
    }
}
