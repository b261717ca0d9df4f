package org.mpactivation.application;

/** An e-mail code was not accepted. Maps to a 4xx page next to the code field. */
public class CodeRejectedException extends RuntimeException {

    public enum Reason { WRONG, EXPIRED_OR_MISSING, TOO_MANY_ATTEMPTS }

    private final Reason reason;
    private final int attemptsLeft;

    public CodeRejectedException(Reason reason, int attemptsLeft) {
        super("code rejected: " + reason);
        this.reason = reason;
        this.attemptsLeft = attemptsLeft;
    }

    public Reason reason() {
        return reason;
    }

    public int attemptsLeft() {
        return attemptsLeft;
    }
}
