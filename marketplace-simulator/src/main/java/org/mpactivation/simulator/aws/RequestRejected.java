package org.mpactivation.simulator.aws;

/** Thrown inside the simulator to answer a request with a marketplace error. */
final class RequestRejected extends RuntimeException {
    private final MarketplaceError error;

    RequestRejected(MarketplaceError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    MarketplaceError error() {
        return error;
    }
}
