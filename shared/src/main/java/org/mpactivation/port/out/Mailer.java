package org.mpactivation.port.out;

/**
 * Sends one e-mail. Implementations deliver synchronously and throw {@link MailDeliveryException}
 * when the message was not accepted, so that the caller can tell the buyer to try again.
 */
public interface Mailer {

    void send(EmailMessage message);
}
