package org.mpactivation.simulator.azure;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A usage event the metering service accepted: what the buyer is billed for, and what a reconciliation compares
 * a ledger with. {@code effectiveStartTime} is as sent; the event holds the whole calendar hour it falls in.
 */
public record AcceptedUsage(String usageEventId, String resourceId, String planId, String dimension,
        BigDecimal quantity, Instant effectiveStartTime, Instant messageTime) {
}
