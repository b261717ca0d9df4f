package org.mpactivation.observability;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per call to a marketplace API, with the marketplace's own request id beside ours (the
 * request id of the context), so that a support case can name both. Adapters of both clouds write
 * through here; they never pass a token, a body or a URL with a query.
 */
public final class MarketplaceCalls {

    public static final String MESSAGE = "marketplace call";
    private static final Logger LOG = LoggerFactory.getLogger(MarketplaceCalls.class);

    private MarketplaceCalls() {
    }

    /** The id that ties a marketplace call to the request that made it: ours, or a fresh one outside a request. */
    public static String correlationId() {
        return RequestContext.requestId().orElseGet(() -> UUID.randomUUID().toString());
    }

    /**
     * @param status               the HTTP status, or -1 when no answer came
     * @param marketplaceRequestId the id the marketplace gave the call (null when it named none)
     */
    public static void log(String marketplace, String operation, int status, String marketplaceRequestId,
                           long latencyMillis) {
        MDC.put("marketplace", marketplace);
        MDC.put("operation", operation);
        MDC.put("call_status", Integer.toString(status));
        MDC.put("marketplace_request_id", marketplaceRequestId == null ? "none" : marketplaceRequestId);
        MDC.put("call_latency_ms", Long.toString(latencyMillis));
        try {
            if (status >= 200 && status < 400) {
                LOG.info(MESSAGE);
            } else {
                LOG.warn(MESSAGE);
            }
        } finally {
            MDC.remove("marketplace");
            MDC.remove("operation");
            MDC.remove("call_status");
            MDC.remove("marketplace_request_id");
            MDC.remove("call_latency_ms");
        }
    }
}
