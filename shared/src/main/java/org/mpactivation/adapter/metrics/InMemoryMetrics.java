package org.mpactivation.adapter.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mpactivation.domain.Cloud;
import org.mpactivation.port.out.Metrics;

/** Keeps every series' count, sum and maximum in memory, for the local operator view and tests. */
public final class InMemoryMetrics implements Metrics {

    /**
     * The operator view's order. Kept here, not on {@link MetricSeries}, which every function loads: its
     * static initializer would link these method references at each cold start.
     */
    private static final Comparator<MetricSeries> ORDER = Comparator.comparing(MetricSeries::name)
            .thenComparing(MetricSeries::cloud).thenComparing(MetricSeries::function)
            .thenComparing(MetricSeries::outcome);

    private final Map<MetricSeries, Figures> series = new ConcurrentHashMap<>();
    private final String defaultFunction;

    public InMemoryMetrics(String defaultFunction) {
        this.defaultFunction = defaultFunction;
    }

    @Override
    public void record(String name, Cloud cloud, String outcome, double value, Unit unit) {
        series.merge(MetricSeries.of(name, cloud, outcome, unit, defaultFunction), Figures.of(value), Figures::plus);
    }

    /** Every series recorded so far, in name order. */
    public List<Row> rows() {
        return series.entrySet().stream().sorted(Map.Entry.comparingByKey(ORDER))
                .map(e -> new Row(e.getKey(), e.getValue())).toList();
    }

    /** The sum of a metric over every series with this outcome (any outcome when null). */
    public double total(String name, String outcome) {
        return series.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && (outcome == null || e.getKey().outcome().equals(outcome)))
                .mapToDouble(e -> e.getValue().sum()).sum();
    }

    public record Row(MetricSeries series, Figures figures) {
    }

    /** How often a series was recorded, the sum of its values and the largest one. */
    public record Figures(long samples, double sum, double max) {
        static Figures of(double value) {
            return new Figures(1, value, value);
        }

        Figures plus(Figures other) {
            return new Figures(samples + other.samples, sum + other.sum, Math.max(max, other.max));
        }
    }
}
