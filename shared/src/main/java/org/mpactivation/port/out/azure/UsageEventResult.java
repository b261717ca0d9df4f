package org.mpactivation.port.out.azure;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The answer for one usage event: its status; the event's id when it was accepted; and, for a
 * {@link UsageEventStatus#Duplicate}, the id and quantity of the event accepted earlier for that hour when the answer
 * carries them (null otherwise). A duplicate with the same quantity is our own resend; with another quantity the hour
 * was billed differently and needs the operator.
 */
public record UsageEventResult(UsageEvent event, UsageEventStatus status, String usageEventId,
        BigDecimal acceptedQuantity) {

    public UsageEventResult {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(status, "status");
    }

    public static UsageEventResult accepted(UsageEvent event, String usageEventId) {
        return new UsageEventResult(event, UsageEventStatus.Accepted, usageEventId, null);
    }

    public static UsageEventResult duplicate(UsageEvent event, String acceptedEventId, BigDecimal acceptedQuantity) {
        return new UsageEventResult(event, UsageEventStatus.Duplicate, acceptedEventId, acceptedQuantity);
    }

    public static UsageEventResult refused(UsageEvent event, UsageEventStatus status) {
        return new UsageEventResult(event, status, null, null);
    }

    /** A duplicate whose accepted quantity is known and equals ours: the hour is billed as we meant it. */
    public boolean duplicateOfSameQuantity() {
        return status == UsageEventStatus.Duplicate && acceptedQuantity != null
                && acceptedQuantity.compareTo(event.quantity()) == 0;
    }
}
