package org.mpactivation.simulator.entra;

/** What is wrong with a deliberately bad token, for the negative tests of a relying party. */
public enum TokenDefect {
    /** Valid in every way but {@code exp}, which lies in the past. */
    EXPIRED,
    /** {@code nbf} lies in the future. */
    NOT_YET_VALID,
    /** {@code aud} names another application. */
    WRONG_AUDIENCE,
    /** {@code tid} and the issuer name another tenant. */
    WRONG_TENANT,
    /**
     * {@code tid} is the expected tenant, but the issuer names another: a token whose issuer a multi-tenant
     * relying party must not accept just because it is some tenant's ({@code {tenantid}} is the token's own).
     */
    ISSUER_OF_ANOTHER_TENANT,
    /** {@code appid} / {@code azp} name an application other than the expected caller. */
    WRONG_APPLICATION,
    /** Signed with a key the published key set does not hold (its {@code kid} is unknown too). */
    UNKNOWN_KEY,
    /** Signed with a key whose {@code kid} is published, but the signature was made by another key. */
    FORGED_SIGNATURE,
    /** An unsecured JWT: header {@code {"alg":"none"}} and an empty signature. */
    ALG_NONE
}
