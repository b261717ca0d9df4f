package org.mpactivation.port.out;

/** The marketplace refused a whole metering batch; {@code reason} is the marketplace's error code. */
public class MeteringRejectedException extends RuntimeException {

    public enum Reason {
        TIMESTAMP_OUT_OF_BOUNDS,
        INVALID_DIMENSION,
        INVALID_CUSTOMER,
        INVALID_LICENSE,
        INVALID_PRODUCT,
        OTHER
    }

    private final Reason reason;

    public MeteringRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
