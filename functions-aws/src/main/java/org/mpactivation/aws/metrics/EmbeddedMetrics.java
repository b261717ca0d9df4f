package org.mpactivation.aws.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
    private static final JsonFactory JSON = new JsonFactory();

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

    /** Written with the streaming generator: no object mapper is built for the first invocation's line. */
    private String line(long timestamp, Dimensions dimensions, Map<String, Values> metrics) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", timestamp);
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", namespace);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            json.writeString("Cloud");
            json.writeString("Function");
            json.writeString("Outcome");
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Values> metric : metrics.entrySet()) {
                json.writeStartObject();
                json.writeStringField("Name", metric.getKey());
                json.writeStringField("Unit", metric.getValue().unit.label());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeStringField("Cloud", dimensions.cloud());
            json.writeStringField("Function", dimensions.function());
            json.writeStringField("Outcome", dimensions.outcome());
            if (dimensions.requestId() != null) {
                json.writeStringField("request_id", dimensions.requestId());
            }
            for (Map.Entry<String, Values> metric : metrics.entrySet()) {
                Values values = metric.getValue();
                json.writeFieldName(metric.getKey());
                if (values.unit == Unit.COUNT) {
                    number(json, values.samples.stream().mapToDouble(Double::doubleValue).sum());
                } else if (values.samples.size() == 1) {
                    number(json, values.samples.get(0));
                } else {
                    json.writeStartArray();
                    for (double value : values.samples) {
                        number(json, value);
                    }
                    json.writeEndArray();
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("metrics line not written", e);
        }
        return text.toString();
    }

    /** Whole numbers as integers ({@code 42}, not {@code 42.0}): the same value, easier to read. */
    private static void number(JsonGenerator json, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < Long.MAX_VALUE) {
            json.writeNumber((long) value);
        } else {
            json.writeNumber(value);
        }
    }

    private record Dimensions(String cloud, String function, String outcome, String requestId) {
        // written out rather than generated: see ItemKey
        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof Dimensions that && java.util.Objects.equals(cloud, that.cloud)
                    && java.util.Objects.equals(function, that.function)
                    && java.util.Objects.equals(outcome, that.outcome)
                    && java.util.Objects.equals(requestId, that.requestId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(cloud, function, outcome, requestId);
        }
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
