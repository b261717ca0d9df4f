package org.mpactivation.simulator.entra;

/**
 * The two access-token forms of the Microsoft identity platform. Which one a resource receives depends on the
 * resource's registration, not on the endpoint the client called: a v1 token names its issuer
 * {@code https://sts.windows.net/{tid}/} and the calling application in {@code appid}; a v2 token names its
 * issuer {@code https://login.microsoftonline.com/{tid}/v2.0} and the calling application in {@code azp}.
 */
public enum TokenForm {
    V1("1.0", "appid"),
    V2("2.0", "azp");

    private final String version;
    private final String applicationClaim;

    TokenForm(String version, String applicationClaim) {
        this.version = version;
        this.applicationClaim = applicationClaim;
    }

    /** The value of the {@code ver} claim. */
    public String version() {
        return version;
    }

    /** The claim that carries the calling application's id: {@code appid} (v1) or {@code azp} (v2). */
    public String applicationClaim() {
        return applicationClaim;
    }
}
