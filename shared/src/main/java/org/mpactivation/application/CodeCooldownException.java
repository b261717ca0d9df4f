package org.mpactivation.application;

/** A new code for the same address was asked for too soon. Maps to 429. */
public class CodeCooldownException extends RuntimeException {

    private final long secondsLeft;

    public CodeCooldownException(long secondsLeft) {
        super("code resend cooldown");
        this.secondsLeft = secondsLeft;
    }

    public long secondsLeft() {
        return secondsLeft;
    }
}
