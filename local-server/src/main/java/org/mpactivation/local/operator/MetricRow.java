package org.mpactivation.local.operator;

import java.util.Locale;
import org.mpactivation.adapter.metrics.InMemoryMetrics;
import org.mpactivation.port.out.Metrics;

/** One series of the metrics page, its figures written out: a count's total, a latency's mean and maximum. */
public record MetricRow(String name, String cloud, String function, String outcome, String unit, long samples,
                        String total, String mean, String max) {

    static MetricRow of(InMemoryMetrics.Row row) {
        InMemoryMetrics.Figures f = row.figures();
        boolean count = row.series().unit() == Metrics.Unit.COUNT;
        return new MetricRow(row.series().name(), row.series().cloud(), row.series().function(),
                row.series().outcome(), row.series().unit().label(), f.samples(), count ? number(f.sum()) : "",
                count ? "" : number(f.samples() == 0 ? 0 : f.sum() / f.samples()), count ? "" : number(f.max()));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
