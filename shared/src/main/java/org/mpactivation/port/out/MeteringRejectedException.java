package org.mpactivation.port.out;

/** The marketplace refused a whole metering batch; {@code reason} is the marketplace's error code. */
public class MeteringRejectedException extends RuntimeException {

    public enum Reason {
        /**
         * The request breaks the API's input rules ({@code ValidationException}): more than 25 records, a
         * quantity out of range, a request naming buyers both by customer identifier and by account id, a
         * record carrying both, or customer-identifier records without a product code.
         */
        VALIDATION,
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
