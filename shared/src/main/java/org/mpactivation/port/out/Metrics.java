package org.mpactivation.port.out;

import java.time.Duration;
import org.mpactivation.domain.Cloud;

/**
 * Counts what the product did and how long its entry points took. A metric is named, belongs to a
 * cloud (null: the cloud of the request being served) and has an outcome; the adapter adds the
 * function and decides where the figures go (CloudWatch's embedded metric format on AWS, a log line
 * on Azure, an in-memory registry locally).
 */
public interface Metrics {

    /**
     * Counts nothing: the default of every use case built without metrics. A class, not a lambda: an
     * interface's static initializer links its lambdas at run time even with the AOT cache, a few ms
     * of every cold start.
     */
    Metrics NONE = new Metrics() {
        @Override
        public void record(String name, Cloud cloud, String outcome, double value, Unit unit) {
            // counts nothing
        }
    };

    void record(String name, Cloud cloud, String outcome, double value, Unit unit);

    default void count(String name, Cloud cloud, String outcome) {
        record(name, cloud, outcome, 1, Unit.COUNT);
    }

    default void count(String name, Cloud cloud, String outcome, long times) {
        if (times > 0) {
            record(name, cloud, outcome, times, Unit.COUNT);
        }
    }

    default void latency(String entryPoint, Cloud cloud, String outcome, Duration elapsed) {
        record(entryPoint + ".latency", cloud, outcome, elapsed.toMillis(), Unit.MILLISECONDS);
    }

    /** Writes what was recorded since the last flush, where the adapter buffers. */
    default void flush() {
    }

    /** The units CloudWatch names; other adapters keep them as labels. */
    enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds");

        private final String label;

        Unit(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The metric names, one place, so that alarms and dashboards can rely on them. */
    final class Names {
        public static final String ACTIVATIONS = "activations";
        public static final String METERING_RECORDS = "metering.records";
        public static final String WEBHOOK_OPERATIONS = "webhook.operations";
        public static final String NOTIFICATIONS = "notifications";
        public static final String RECONCILIATION_DRIFT = "reconciliation.drift";
        public static final String REQUESTS = "requests";

        private Names() {
        }
    }
}
