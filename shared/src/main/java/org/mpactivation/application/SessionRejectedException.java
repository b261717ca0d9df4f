package org.mpactivation.application;

/** The request carries no usable activation session. Maps to a 4xx page that says how to start again. */
public class SessionRejectedException extends RuntimeException {

    public enum Reason {
        /** No session cookie, a forged one, or one whose session expired or never existed. */
        MISSING_OR_EXPIRED,
        /** The marketplace link was already opened, and used, in another browser. */
        OTHER_BROWSER
    }

    private final Reason reason;
    private final String sessionId;

    public SessionRejectedException(Reason reason) {
        this(reason, null);
    }

    /** @param sessionId the session another browser holds, when a marketplace link led to it */
    public SessionRejectedException(Reason reason, String sessionId) {
        super("activation session rejected: " + reason);
        this.reason = reason;
        this.sessionId = sessionId;
    }

    public Reason reason() {
        return reason;
    }

    /** The session that the marketplace link leads to, held by another browser (or by this one, unseen). */
    public java.util.Optional<String> heldSession() {
        return java.util.Optional.ofNullable(sessionId);
    }
}
