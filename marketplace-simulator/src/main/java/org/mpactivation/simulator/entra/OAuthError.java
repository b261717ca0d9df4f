package org.mpactivation.simulator.entra;

/**
 * A refusal of the token endpoint in Entra's shape: an HTTP status, an OAuth {@code error} code and an
 * {@code error_description} that starts with the AADSTS code, whose number also goes into {@code error_codes}.
 * Microsoft documents that the numbers and texts change over time and that clients must act on {@code error}
 * only; the numbers here are the ones Entra has been seen to answer, for people reading logs.
 */
final class OAuthError extends RuntimeException {

    private final int status;
    private final String error;
    private final int aadstsCode;

    OAuthError(int status, String error, int aadstsCode, String description) {
        super("AADSTS" + aadstsCode + ": " + description);
        this.status = status;
        this.error = error;
        this.aadstsCode = aadstsCode;
    }

    static OAuthError invalidRequest(int code, String description) {
        return new OAuthError(400, "invalid_request", code, description);
    }

    static OAuthError invalidGrant(int code, String description) {
        return new OAuthError(400, "invalid_grant", code, description);
    }

    /** Entra answers a wrong or missing client secret with 401. */
    static OAuthError invalidClient(int code, String description) {
        return new OAuthError(401, "invalid_client", code, description);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    int aadstsCode() {
        return aadstsCode;
    }
}
