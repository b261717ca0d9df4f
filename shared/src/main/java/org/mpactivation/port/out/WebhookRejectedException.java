package org.mpactivation.port.out;

import java.util.Objects;

/**
 * A webhook call whose credentials did not pass. The message names the reason only: never the token, which
 * stays out of messages and logs.
 */
public class WebhookRejectedException extends RuntimeException {

    /** Why a call was refused. */
    public enum Reason {
        /** No {@code Authorization} header. */
        MISSING_CREDENTIALS(false),
        /** An {@code Authorization} header of another scheme than {@code Bearer}. */
        NOT_BEARER(false),
        /** The bearer value is not a signed JWT that can be read. */
        MALFORMED_TOKEN(false),
        /** Unsecured ({@code alg: none}), encrypted, or signed with an algorithm other than the one accepted. */
        ALGORITHM_NOT_ALLOWED(false),
        /** Signed with a key the issuer's key set does not hold, even after fetching it again. */
        UNKNOWN_KEY(false),
        /** The signature does not match the named key. */
        BAD_SIGNATURE(false),
        /** Past its expiry (beyond the allowed clock skew), or without one. */
        EXPIRED(false),
        /** Before its not-before time (beyond the allowed clock skew). */
        NOT_YET_VALID(false),
        /** Issued for another application. */
        WRONG_AUDIENCE(false),
        /** Issued in another tenant. */
        WRONG_TENANT(false),
        /** The issuer is not our tenant's, or does not match the token's version. */
        WRONG_ISSUER(false),
        /** Not requested by the marketplace's application. */
        WRONG_APPLICATION(false),
        /** The key set could not be fetched: the call may be good, so the sender should try again later. */
        KEYS_UNAVAILABLE(true);

        private final boolean transientFailure;

        Reason(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** Whether the refusal says nothing about the token (answer 503 so the sender retries, not 401). */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Reason reason;

    public WebhookRejectedException(Reason reason) {
        this(reason, null);
    }

    public WebhookRejectedException(Reason reason, Throwable cause) {
        super("webhook call refused: " + Objects.requireNonNull(reason, "reason"), cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
