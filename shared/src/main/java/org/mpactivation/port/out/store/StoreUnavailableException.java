package org.mpactivation.port.out.store;

/** The store could not be reached or refused the call for capacity reasons; the call may be retried. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
