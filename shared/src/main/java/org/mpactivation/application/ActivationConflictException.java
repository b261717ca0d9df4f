package org.mpactivation.application;

/** The subscription or workspace is in a state that forbids the step (already activated elsewhere...). */
public class ActivationConflictException extends RuntimeException {

    private final String messageKey;

    public ActivationConflictException(String messageKey) {
        super("activation conflict: " + messageKey);
        this.messageKey = messageKey;
    }

    /** The key of the text that explains the conflict to the buyer. */
    public String messageKey() {
        return messageKey;
    }
}
