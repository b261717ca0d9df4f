package org.mpactivation.port.out;

/** The marketplace API throttled us or failed; the same request may succeed later. */
public class MarketplaceUnavailableException extends RuntimeException {

    public MarketplaceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
