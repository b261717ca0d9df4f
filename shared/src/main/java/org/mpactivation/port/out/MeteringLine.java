package org.mpactivation.port.out;

import java.time.Instant;
import java.util.Objects;

/**
 * One usage record to report: the buyer (by customer identifier, or by AWS account id and licence
 * ARN for products that identify buyers that way), the marketplace dimension, the hour the usage
 * belongs to (never "now") and a whole quantity. A line is sent as it is: one that carries a customer
 * identifier beside an account id or a licence reaches the marketplace with both, which refuses it
 * ({@link MeteringRejectedException.Reason#VALIDATION}); it is never mended into one form.
 *
 * @param ledgerKey our own key for the record, to match results back; never sent
 */
public record MeteringLine(String ledgerKey, String customerIdentifier, String customerAwsAccountId,
                           String licenseArn, String dimension, Instant hour, int quantity) {

    public MeteringLine {
        Objects.requireNonNull(ledgerKey, "ledgerKey");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(hour, "hour");
        if (customerIdentifier == null && (customerAwsAccountId == null || licenseArn == null)) {
            throw new IllegalArgumentException("a customer identifier, or an account id and a licence, is required");
        }
        if (quantity < 0) {
            throw new IllegalArgumentException("negative quantity");
        }
    }

    /** True when the buyer is named by account id and licence (the 2026 form), not customer identifier. */
    public boolean byLicense() {
        return customerAwsAccountId != null && licenseArn != null;
    }
}
