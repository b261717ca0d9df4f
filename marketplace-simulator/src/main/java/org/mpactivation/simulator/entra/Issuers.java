package org.mpactivation.simulator.entra;

import java.util.Objects;

/**
 * The issuer names the provider writes into tokens. By default the simulator's own endpoint stands for both
 * Entra hosts, so a relying party can fetch discovery documents from the issuer it trusts; with
 * {@link #MICROSOFT} the tokens carry Entra's own issuer names (for a validator configured for Azure).
 *
 * @param v2Authority the base of v2 issuers, {@code https://login.microsoftonline.com} at Entra
 * @param v1Authority the base of v1 issuers, {@code https://sts.windows.net} at Entra
 */
public record Issuers(String v2Authority, String v1Authority) {

    /** Entra's issuer names in the global cloud. */
    public static final Issuers MICROSOFT = new Issuers("https://login.microsoftonline.com", "https://sts.windows.net");

    public Issuers {
        Objects.requireNonNull(v2Authority, "v2Authority");
        Objects.requireNonNull(v1Authority, "v1Authority");
        v2Authority = trimSlash(v2Authority);
        v1Authority = trimSlash(v1Authority);
    }

    /** Both forms under one base, as the simulator's endpoint serves them. */
    static Issuers at(String base) {
        return new Issuers(base, base);
    }

    /** {@code <v2Authority>/{tid}/v2.0}. */
    public String v2(String tenantId) {
        return v2Authority + "/" + tenantId + "/v2.0";
    }

    /** {@code <v1Authority>/{tid}/}, with the trailing slash Entra writes. */
    public String v1(String tenantId) {
        return v1Authority + "/" + tenantId + "/";
    }

    public String of(TokenForm form, String tenantId) {
        return form == TokenForm.V1 ? v1(tenantId) : v2(tenantId);
    }

    private static String trimSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
