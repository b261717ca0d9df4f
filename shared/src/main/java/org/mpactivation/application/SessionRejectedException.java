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

    public SessionRejectedException(Reason reason) {
        super("activation session rejected: " + reason);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
