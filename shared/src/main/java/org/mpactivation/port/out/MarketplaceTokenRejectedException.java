package org.mpactivation.port.out;

/** The marketplace refused the buyer's token: it is invalid (forged, for another product) or expired. */
public class MarketplaceTokenRejectedException extends RuntimeException {

    public enum Reason { INVALID, EXPIRED }

    private final Reason reason;

    public MarketplaceTokenRejectedException(Reason reason, Throwable cause) {
        super("marketplace token rejected: " + reason, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
