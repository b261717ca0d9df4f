package org.mpactivation.application;

import java.util.Map;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.port.out.Metrics;

/** What the scheduled use cases report, turned into metrics: one place that names the outcomes. */
final class OperationCounts {

    /** The outcome under which a reconciliation run's drift total is recorded (zero included). */
    static final String DRIFT_TOTAL = "found";

    private OperationCounts() {
    }

    static void metering(Metrics metrics, Cloud cloud, HourlyMetering.Report report) {
        metrics.count(Metrics.Names.METERING_RECORDS, cloud, "sent", report.recordsSent());
        metrics.count(Metrics.Names.METERING_RECORDS, cloud, "duplicate", report.duplicates());
        metrics.count(Metrics.Names.METERING_RECORDS, cloud, "flagged", report.flagged());
        metrics.count(Metrics.Names.METERING_RECORDS, cloud, "not-subscribed", report.notSubscribed());
        metrics.count(Metrics.Names.METERING_RECORDS, cloud, "pending", report.recordsLeftPending());
        // always written, zero included, so that an alarm on failures sees data on every run
        metrics.record(Metrics.Names.METERING_RECORDS, cloud, "failed", report.failed(), Metrics.Unit.COUNT);
    }

    static void drift(Metrics metrics, Cloud cloud, Map<DriftKind, Integer> found) {
        metrics.record(Metrics.Names.RECONCILIATION_DRIFT, cloud, DRIFT_TOTAL,
                found.values().stream().mapToInt(Integer::intValue).sum(), Metrics.Unit.COUNT);
        found.forEach((kind, count) -> metrics.count(Metrics.Names.RECONCILIATION_DRIFT, cloud,
                kind.name().toLowerCase(java.util.Locale.ROOT), count));
    }
}
