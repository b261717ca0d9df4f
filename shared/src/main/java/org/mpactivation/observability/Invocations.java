package org.mpactivation.observability;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.mpactivation.domain.Cloud;
import org.mpactivation.port.out.Metrics;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Serves one request or invocation inside its {@link RequestContext} and closes it with one
 * {@code request handled} line (method, route template, status, outcome, latency) and the entry
 * point's latency metric. Never the raw path, the query or a header: they can carry tokens.
 */
public final class Invocations {

    public static final String CLOSING_MESSAGE = "request handled";
    private static final Logger LOG = LoggerFactory.getLogger(Invocations.class);
    private static final String UNMATCHED = "unmatched";

    private Invocations() {
    }

    /** An HTTP request: the outcome follows the status (below 400 ok, 4xx rejected, 5xx failed). */
    public static WebResponse http(String requestId, String function, Cloud cloud, Metrics metrics,
                                   WebRequest request, Function<WebRequest, WebResponse> handler) {
        return exchange(requestId, function, cloud, metrics, request.method(), () -> handler.apply(request),
                WebResponse::status);
    }

    /**
     * An HTTP request in the platform's own model (an Azure {@code HttpRequestMessage}): {@code status}
     * reads the answer's status.
     */
    public static <R> R exchange(String requestId, String function, Cloud cloud, Metrics metrics, String method,
                                 Supplier<R> work, ToIntFunction<R> status) {
        long start = System.nanoTime();
        try (RequestContext.Scope ignored = RequestContext.open(requestId, function, code(cloud))) {
            int answered = 500;
            try {
                R response = work.get();
                answered = status.applyAsInt(response);
                return response;
            } finally {
                close(method, RequestContext.route().orElse(UNMATCHED), answered, outcomeOf(answered),
                        start, metrics, function, cloud);
            }
        }
    }

    /**
     * Another trigger (schedule, queue, topic): {@code trigger} stands for the method, the function
     * for the route; the outcome is read from the result, "failed" when the work throws.
     */
    public static <T> T run(String requestId, String function, Cloud cloud, String trigger, Metrics metrics,
                            Supplier<T> work, Function<T, String> outcome) {
        long start = System.nanoTime();
        try (RequestContext.Scope ignored = RequestContext.open(requestId, function, code(cloud))) {
            String result = "failed";
            try {
                T value = work.get();
                result = outcome.apply(value);
                return value;
            } finally {
                close(trigger, function, -1, result, start, metrics, function, cloud);
            }
        }
    }

    /** below 400 ok, 4xx rejected, 5xx failed */
    public static String outcomeOf(int status) {
        return status < 400 ? "ok" : status < 500 ? "rejected" : "failed";
    }

    private static void close(String method, String route, int status, String outcome, long startNanos,
                              Metrics metrics, String function, Cloud cloud) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        MDC.put("method", method);
        MDC.put(RequestContext.ROUTE, route);
        if (status >= 0) {
            MDC.put("status", Integer.toString(status));
        }
        MDC.put("outcome", outcome);
        MDC.put("latency_ms", Long.toString(elapsed.toMillis()));
        LOG.info(CLOSING_MESSAGE);
        try {
            metrics.latency(function, cloud, outcome, elapsed);
            metrics.flush();
        } catch (RuntimeException metricsFailed) {
            // a figure lost must not fail the request it describes
            LOG.warn("metrics not written error={}", metricsFailed.getClass().getName());
        }
    }

    private static String code(Cloud cloud) {
        return cloud == null ? "local" : cloud.code();
    }
}
