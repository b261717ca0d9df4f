package org.mpactivation.port.out;

/**
 * The marketplace refused our credentials or configuration (access denied, unknown or expired
 * credentials, a disabled API): an outage on our side, not a verdict on the request. Nothing sent
 * is wrong; it is retried once access is back, and an operator must be alerted.
 */
public class MarketplaceAccessException extends MarketplaceUnavailableException {

    public MarketplaceAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
