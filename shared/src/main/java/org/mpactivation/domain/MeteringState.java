package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a subscription's usage has been reported.
 *
 * @param meteredThrough every hour before this one is settled (reported, flagged or empty)
 * @param dueAt          when the next run should look at it (null once stopped)
 * @param finalReport    the marketplace announced the end: report through the current hour now
 * @param stopped        no more reports (the buyer is no longer subscribed)
 */
public record MeteringState(SubscriptionId subscriptionId, Instant meteredThrough, Instant dueAt,
                            boolean finalReport, boolean stopped, long version) {

    public MeteringState {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(meteredThrough, "meteredThrough");
        if (!stopped) {
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }

    public MeteringState settledThrough(Instant hour, Instant nextDue) {
        return new MeteringState(subscriptionId, hour, nextDue, finalReport, stopped, version);
    }

    public MeteringState finalReportDue(Instant now) {
        return new MeteringState(subscriptionId, meteredThrough, now, true, stopped, version);
    }

    /** Settled through {@code hour}, and no more reports: the buyer is gone. */
    public MeteringState stoppedAt(Instant hour) {
        return new MeteringState(subscriptionId, hour, null, finalReport, true, version);
    }
}
