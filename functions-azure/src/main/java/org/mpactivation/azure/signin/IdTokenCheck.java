package org.mpactivation.azure.signin;

/**
 * The checks an ID token must pass, each named in the refusal it causes (never the token itself), so that a
 * failed sign-in can be told apart in the logs without anything secret in them.
 */
enum IdTokenCheck {
    /** Not a JWT, or its claims are not the JSON they should be. */
    MALFORMED("the ID token is malformed"),
    /** Unsigned ({@code alg: none}), encrypted, or signed with anything but RS256. */
    ALGORITHM("the ID token is not signed with RS256"),
    /** Its {@code kid} is in no key set the provider publishes, even after fetching it again. */
    UNKNOWN_KEY("the ID token is signed with a key the provider does not publish"),
    SIGNATURE("the ID token's signature does not verify"),
    /** {@code tid} or {@code oid} is absent: we could not say who signed in. */
    MISSING_CLAIM("the ID token lacks tid or oid"),
    /** The issuer is not the discovery issuer with {@code {tenantid}} replaced by the token's own {@code tid}. */
    ISSUER("the ID token's issuer does not match its tenant"),
    AUDIENCE("the ID token is not for this application"),
    /** {@code azp}, where present, names another client. */
    AUTHORIZED_PARTY("the ID token was issued to another client"),
    EXPIRED("the ID token has expired"),
    NOT_YET_VALID("the ID token is not valid yet"),
    /** {@code iat} absent or in the future. */
    ISSUE_TIME("the ID token's issue time is missing or in the future"),
    /** Not the nonce of this browser's authorization request: a replayed or injected token. */
    NONCE("the ID token's nonce does not match"),
    TENANT_NOT_ALLOWED("the buyer's directory is not allowed to sign in");

    private final String refusal;

    IdTokenCheck(String refusal) {
        this.refusal = refusal;
    }

    /** The message of the {@code SignInRejectedException} this failure raises. */
    String refusal() {
        return refusal;
    }
}
