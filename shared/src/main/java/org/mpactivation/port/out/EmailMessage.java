package org.mpactivation.port.out;

import java.util.Objects;

/**
 * A plain-text e-mail (with an optional HTML alternative). The body may hold a verification code:
 * adapters must never log the body.
 */
public record EmailMessage(String to, String subject, String textBody, String htmlBody) {

    public EmailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(textBody, "textBody");
        if (to.isBlank() || to.indexOf('@') < 1) {
            throw new IllegalArgumentException("not an e-mail address");
        }
        if (subject.indexOf('\n') >= 0 || subject.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("subject must be one line");
        }
    }

    public EmailMessage(String to, String subject, String textBody) {
        this(to, subject, textBody, null);
    }
}
