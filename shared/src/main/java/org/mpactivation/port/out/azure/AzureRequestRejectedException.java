package org.mpactivation.port.out.azure;

/**
 * The marketplace refused the request itself (400, or 409 outside an operation update): for example activating
 * with a plan that is not the subscription's, or a subscription that is suspended. Retrying does not help.
 */
public class AzureRequestRejectedException extends RuntimeException {

    public AzureRequestRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
