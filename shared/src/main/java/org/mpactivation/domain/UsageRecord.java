package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Usage reported by the product for one workspace: a quantity of one dimension in one hour,
 * identified by the reporter's record id (a resend of the same id is the same record).
 */
public record UsageRecord(String recordId, String workspaceId, String dimension, Instant hour, long quantity) {

    public UsageRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(hour, "hour");
        if (quantity < 0) {
            throw new IllegalArgumentException("negative quantity");
        }
    }
}
