package org.mpactivation.port.out.azure;

import java.time.Instant;

/**
 * The current billing term. {@code termUnit} stays text (P1M, P1Y, P2Y, P3Y and longer ones may come); the dates
 * are absent before activation.
 */
public record SubscriptionTerm(Instant startDate, Instant endDate, String termUnit) {

    public static final SubscriptionTerm NONE = new SubscriptionTerm(null, null, null);

    public SubscriptionTerm {
        if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
            throw new IllegalArgumentException("term ends before it starts");
        }
    }
}
