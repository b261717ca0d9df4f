package org.mpactivation.aws.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.mpactivation.adapter.metrics.MetricSeries;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.RequestContext;
import org.mpactivation.port.out.Metrics;

/**
 * Metrics in CloudWatch's embedded metric format: on each flush (the end of every invocation), one
 * JSON line per set of dimension values (Cloud, Function, Outcome) on standard output, which Lambda
 * sends to CloudWatch Logs, where the metrics are extracted. Counts are summed, latencies kept as
 * value arrays (at most {@link #MAX_VALUES} per metric and line).
 */
public final class EmbeddedMetrics implements Metrics {

    /** The namespace when {@code METRICS_NAMESPACE} names none. */
    public static final String DEFAULT_NAMESPACE = "MarketplaceActivation";
    static final int MAX_VALUES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final String defaultFunction;
    private final Clock clock;
    private final Consumer<String> out;
    private final Map<Dimensions, Map<String, Values>> pending = new LinkedHashMap<>();

    /**
     * @param out where each line goes; production writes to {@code System.out} (looked up at each line,
     *            so a replaced stream is honoured)
     */
    public EmbeddedMetrics(String namespace, String defaultFunction, Clock clock, Consumer<String> out) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.defaultFunction = Objects.requireNonNull(defaultFunction, "defaultFunction");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** From the functions' settings: {@code METRICS_NAMESPACE}, the function named by Lambda. */
    public static EmbeddedMetrics fromEnvironment(Map<String, String> env) {
        String namespace = env.getOrDefault("METRICS_NAMESPACE", "");
        String function = env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "");
        return new EmbeddedMetrics(namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.strip(),
                function.isBlank() ? "unknown" : function, Clock.systemUTC(), line -> System.out.println(line));
    }

    @Override
    public void record(String name, Cloud cloud, String outcome, double value, Unit unit) {
        MetricSeries series = MetricSeries.of(name, cloud, outcome, unit, defaultFunction);
        Dimensions dimensions = new Dimensions(series.cloud(), series.function(), series.outcome(),
                RequestContext.requestId().orElse(null));
        boolean full;
        synchronized (pending) {
            Values values = pending.computeIfAbsent(dimensions, d -> new LinkedHashMap<>())
                    .computeIfAbsent(name, n -> new Values(unit));
            values.add(value);
            full = values.samples.size() >= MAX_VALUES;
        }
        if (full) {
            flush();
        }
    }

    @Override
    public void flush() {
        Map<Dimensions, Map<String, Values>> taken;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            taken = new LinkedHashMap<>(pending);
            pending.clear();
        }
        long now = clock.millis();
        taken.forEach((dimensions, metrics) -> out.accept(line(now, dimensions, metrics)));
    }

    private String line(long timestamp, Dimensions dimensions, Map<String, Values> metrics) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestamp);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray().add("Cloud").add("Function").add("Outcome");
        ArrayNode definitions = directive.putArray("Metrics");
        root.put("Cloud", dimensions.cloud());
        root.put("Function", dimensions.function());
        root.put("Outcome", dimensions.outcome());
        if (dimensions.requestId() != null) {
            root.put("request_id", dimensions.requestId());
        }
        metrics.forEach((name, values) -> {
            definitions.addObject().put("Name", name).put("Unit", values.unit.label());
            if (values.unit == Unit.COUNT) {
                root.set(name, number(values.samples.stream().mapToDouble(Double::doubleValue).sum()));
            } else if (values.samples.size() == 1) {
                root.set(name, number(values.samples.get(0)));
            } else {
                ArrayNode array = root.putArray(name);
                values.samples.forEach(value -> array.add(number(value)));
            }
        });
        return root.toString();
    }

    /** Whole numbers as integers ({@code 42}, not {@code 42.0}): the same value, easier to read. */
    private static com.fasterxml.jackson.databind.JsonNode number(double value) {
        return value == Math.rint(value) && Math.abs(value) < Long.MAX_VALUE
                ? JSON.getNodeFactory().numberNode((long) value) : JSON.getNodeFactory().numberNode(value);
    }

    private record Dimensions(String cloud, String function, String outcome, String requestId) {
    }

    private static final class Values {
        final Unit unit;
        final List<Double> samples = new ArrayList<>();

        Values(Unit unit) {
            this.unit = unit;
        }

        void add(double value) {
            samples.add(value);
        }
    }
}
