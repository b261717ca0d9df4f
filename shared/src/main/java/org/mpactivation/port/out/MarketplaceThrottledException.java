package org.mpactivation.port.out;

/** The marketplace API answered with throttling: back off, then try again. */
public class MarketplaceThrottledException extends MarketplaceUnavailableException {

    public MarketplaceThrottledException(String message, Throwable cause) {
        super(message, cause);
    }
}
