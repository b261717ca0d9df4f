package org.mpactivation.adapter.metrics;

import org.mpactivation.domain.Cloud;
import org.mpactivation.port.out.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Metrics as structured log lines, one per value: where the platform turns log fields into queryable
 * dimensions (Azure Functions sends each line to Application Insights, whose custom dimensions then
 * hold metric, value, unit, outcome beside the request's context).
 */
public final class LoggedMetrics implements Metrics {

    public static final String MESSAGE = "metric";
    private static final Logger LOG = LoggerFactory.getLogger(LoggedMetrics.class);
    private final String defaultFunction;

    public LoggedMetrics(String defaultFunction) {
        this.defaultFunction = defaultFunction;
    }

    @Override
    public void record(String name, Cloud cloud, String outcome, double value, Unit unit) {
        MetricSeries series = MetricSeries.of(name, cloud, outcome, unit, defaultFunction);
        MDC.put("metric", series.name());
        MDC.put("metric_value", value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
        MDC.put("metric_unit", unit.label());
        MDC.put("metric_cloud", series.cloud());
        MDC.put("metric_function", series.function());
        MDC.put("metric_outcome", series.outcome());
        try {
            LOG.info(MESSAGE);
        } finally {
            for (String key : new String[] {"metric", "metric_value", "metric_unit", "metric_cloud", "metric_function",
                    "metric_outcome"}) {
                MDC.remove(key);
            }
        }
    }
}
