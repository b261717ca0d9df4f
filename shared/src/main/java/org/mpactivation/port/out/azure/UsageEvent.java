package org.mpactivation.port.out.azure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One usage event for the Marketplace Metering API: the usage of one subscription ({@code resourceId}) on one
 * dimension of its plan during one calendar hour (UTC), {@code effectiveStartTime} being the start of that hour.
 * The quantity is greater than zero, as the API requires. {@code ledgerKey} is ours, to match the answer with our
 * ledger, and is never sent.
 */
public record UsageEvent(String ledgerKey, String resourceId, String planId, String dimension,
        Instant effectiveStartTime, BigDecimal quantity) {

    public UsageEvent {
        requireText(ledgerKey, "ledgerKey");
        requireText(resourceId, "resourceId");
        requireText(planId, "planId");
        requireText(dimension, "dimension");
        Objects.requireNonNull(effectiveStartTime, "effectiveStartTime");
        Objects.requireNonNull(quantity, "quantity");
        if (!effectiveStartTime.equals(effectiveStartTime.truncatedTo(ChronoUnit.HOURS))) {
            throw new IllegalArgumentException("effectiveStartTime must be the start of an hour: " + effectiveStartTime);
        }
        if (quantity.signum() <= 0) {
            throw new IllegalArgumentException("quantity must be greater than 0: " + quantity);
        }
    }

    /** The same usage with another quantity (for example an amended hour). */
    public UsageEvent withQuantity(BigDecimal other) {
        return new UsageEvent(ledgerKey, resourceId, planId, dimension, effectiveStartTime, other);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
