package org.mpactivation.port.out;

import java.time.Instant;
import java.util.Objects;

/**
 * One usage record as the marketplace recorded it for a subscription.
 *
 * @param hour             the hour the usage belongs to (UTC, truncated to the hour)
 * @param meteringRecordId the marketplace's id for it, where known (null otherwise)
 */
public record RecordedUsage(String dimension, Instant hour, long quantity, String meteringRecordId) {

    public RecordedUsage {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(hour, "hour");
    }
}
