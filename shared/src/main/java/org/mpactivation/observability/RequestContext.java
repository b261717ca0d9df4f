package org.mpactivation.observability;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * What every log line of a request or invocation carries (request id, function, cloud, and the
 * subscription once known), held in the logging library's mapped diagnostic context of the thread
 * that serves it. Entry points open it; adapters read the request id to pass it to the marketplaces.
 */
public final class RequestContext {

    public static final String REQUEST_ID = "request_id";
    public static final String FUNCTION = "function";
    public static final String CLOUD = "cloud";
    public static final String SUBSCRIPTION = "subscription";
    public static final String ROUTE = "route";

    private static final int MAX_ID_LENGTH = 128;

    private RequestContext() {
    }

    /**
     * Starts a request's context; closing the scope gives the thread back the context it had (the
     * local server serves a simulator's call to our own function inside another request).
     *
     * @param requestId the id the platform gave the request, or null for a fresh one
     */
    public static Scope open(String requestId, String function, String cloud) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        MDC.clear();
        MDC.put(REQUEST_ID, usableId(requestId));
        MDC.put(FUNCTION, function);
        if (cloud != null) {
            MDC.put(CLOUD, cloud);
        }
        return new Scope(previous);
    }

    /** The id of the request being served, if any. */
    public static Optional<String> requestId() {
        return Optional.ofNullable(MDC.get(REQUEST_ID));
    }

    public static Optional<String> cloud() {
        return Optional.ofNullable(MDC.get(CLOUD));
    }

    public static Optional<String> function() {
        return Optional.ofNullable(MDC.get(FUNCTION));
    }

    /** Names the subscription the request turned out to be about. */
    public static void subscription(String subscriptionId) {
        if (subscriptionId != null && MDC.get(REQUEST_ID) != null) {
            MDC.put(SUBSCRIPTION, subscriptionId);
        }
    }

    /** Names the route (its path template, never the raw path) that serves the request. */
    public static void route(String template) {
        if (MDC.get(REQUEST_ID) != null) {
            MDC.put(ROUTE, template);
        }
    }

    /** As {@link #route(String)}, from the template's segments as a router splits it at '/'. */
    public static void route(String[] segments) {
        route(segments.length == 0 ? "/" : String.join("/", segments));
    }

    public static Optional<String> route() {
        return Optional.ofNullable(MDC.get(ROUTE));
    }

    /** The task, run on another thread (a pool's) within the context of the thread that made it. */
    public static <T> java.util.concurrent.Callable<T> carried(java.util.concurrent.Callable<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
            try {
                return task.call();
            } finally {
                if (previous == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(previous);
                }
            }
        };
    }

    /**
     * A caller's id is kept only when it looks like an id (letters, digits, '-', '_', '.', ':'),
     * so that a header cannot write anything else into the logs; otherwise a fresh one is made.
     */
    static String usableId(String candidate) {
        if (candidate != null && !candidate.isEmpty() && candidate.length() <= MAX_ID_LENGTH
                && candidate.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c)
                || c == '-' || c == '_' || c == '.' || c == ':'))) {
            return candidate;
        }
        return UUID.randomUUID().toString();
    }

    /** Ends a request's context. */
    public static final class Scope implements AutoCloseable {
        private final Map<String, String> previous;

        private Scope(Map<String, String> previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }
}
