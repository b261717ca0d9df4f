package org.mpactivation.web;

/** A request the router refuses as such (size, media type, form syntax, CSRF); maps to {@code status}. */
public class BadRequestException extends RuntimeException {

    private final int status;
    private final String messageKey;

    public BadRequestException(int status, String messageKey) {
        super("bad request: " + messageKey);
        this.status = status;
        this.messageKey = messageKey;
    }

    public int status() {
        return status;
    }

    public String messageKey() {
        return messageKey;
    }
}
