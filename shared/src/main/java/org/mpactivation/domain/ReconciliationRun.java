package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What one reconciliation run covered: the operator view shows the drift of the latest run.
 *
 * @param complete false when the run stopped at its time budget (the rest stays due)
 */
public record ReconciliationRun(String runId, Instant startedAt, Instant finishedAt, int subscriptions, int drifts,
                                int failed, boolean complete) {

    public ReconciliationRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
