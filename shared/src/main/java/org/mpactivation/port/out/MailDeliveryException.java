package org.mpactivation.port.out;

/** The mail transport did not accept a message. The message never contains the mail body. */
public class MailDeliveryException extends RuntimeException {

    public MailDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
