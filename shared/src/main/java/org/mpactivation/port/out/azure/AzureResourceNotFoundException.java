package org.mpactivation.port.out.azure;

/** The subscription or operation is unknown to the marketplace (404): retrying does not help. */
public class AzureResourceNotFoundException extends RuntimeException {

    public AzureResourceNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
