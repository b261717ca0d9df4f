package org.mpactivation.port.out;

/**
 * An outage of our own credentials or configuration (access denied, unknown, invalid or expired
 * credentials, the API disabled for the account, credentials that could not be loaded), not a verdict on
 * the request: the same request succeeds once the access is repaired. Treat it as an outage: retry with
 * backoff and alert the operator; never give up on the usage because of it.
 */
public class MarketplaceAccessException extends MarketplaceUnavailableException {

    public MarketplaceAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
