package org.mpactivation.adapter.metrics;

import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.RequestContext;
import org.mpactivation.port.out.Metrics;

/**
 * One series: a metric with its dimensions (cloud, function, outcome) and unit. A metric that names no
 * cloud takes the cloud of the request being served; the function is always the serving one's.
 */
public record MetricSeries(String name, String cloud, String function, String outcome, Metrics.Unit unit) {

    /** The series of a metric recorded now, in the current request's context. */
    public static MetricSeries of(String name, Cloud cloud, String outcome, Metrics.Unit unit, String defaultFunction) {
        String cloudCode = cloud != null ? cloud.code() : RequestContext.cloud().orElse("none");
        return new MetricSeries(name, cloudCode, RequestContext.function().orElse(defaultFunction),
                outcome == null ? "none" : outcome, unit);
    }
}
