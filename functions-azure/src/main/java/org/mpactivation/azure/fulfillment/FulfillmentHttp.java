package org.mpactivation.azure.fulfillment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.mpactivation.azure.http.AzureHttpTransport;
import org.mpactivation.azure.http.HttpAnswer;
import org.mpactivation.observability.MarketplaceCalls;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.Pause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends calls to the marketplace's APIs (Fulfillment and Metering): the bearer token, a new {@code x-ms-requestid} per attempt and the call's
 * {@code x-ms-correlationid}; retries 429, 5xx and I/O failures with backoff (honouring {@code Retry-After})
 * within the policy's attempts and deadline. Answers every other status to the caller; a 401 or 403 is an
 * access failure of ours.
 */
public final class FulfillmentHttp {

    private static final Logger LOG = LoggerFactory.getLogger(FulfillmentHttp.class);
    /** Far above any answer of these APIs (a listing page is a few hundred kilobytes at most). */
    private static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;

    private final AzureHttpTransport transport;
    private final AccessTokens tokens;
    private final RetryPolicy retries;
    private final Pause pause;

    /**
     * The transport for the marketplace's APIs: 10 seconds to connect, 20 for the answer, redirects not
     * followed. Stateless (the JDK keeps the idle connections), so the Fulfillment and Metering clients share it.
     */
    public static AzureHttpTransport sharedTransport() {
        return SharedTransport.INSTANCE;
    }

    private static final class SharedTransport {
        static final AzureHttpTransport INSTANCE = AzureHttpTransport.urlConnection(Duration.ofSeconds(10),
                Duration.ofSeconds(20), MAX_ANSWER_BYTES);
    }

    public FulfillmentHttp(AzureHttpTransport transport, AccessTokens tokens, RetryPolicy retries, Pause pause) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** The answer to the call: any status but 401, 403, 429 and 5xx, which are retried or thrown. */
    public HttpAnswer send(FulfillmentCall call) {
        long deadline = pause.nanoTime() + retries.deadline().toNanos();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retries.maxAttempts(); attempt++) {
            String requestId = UUID.randomUUID().toString();
            Optional<Duration> retryAfter = Optional.empty();
            long started = pause.nanoTime();
            try {
                HttpAnswer response = transport.send(call.method(), call.uri(), headers(call, requestId),
                        call.jsonBody() == null ? null : call.jsonBody().getBytes(StandardCharsets.UTF_8));
                int status = response.status();
                MarketplaceCalls.log("azure", call.name(), status, response.header("x-ms-requestid").orElse(requestId),
                        (pause.nanoTime() - started) / 1_000_000);
                if (status == 401 || status == 403) {
                    tokens.invalidate();
                    throw new MarketplaceAccessException("the marketplace refused our access token (" + status
                            + ") on " + call.name() + ", correlation id " + call.correlationId(), null);
                }
                if (status != 429 && status < 500) {
                    return response;
                }
                retryAfter = RetryAfter.parse(response.header("Retry-After"));
                last = status == 429
                        ? new MarketplaceThrottledException(failure(call, "throttled (429)"), null)
                        : new MarketplaceUnavailableException(failure(call, "failed (" + status + ")"), null);
            } catch (IOException e) {
                LOG.warn("marketplace call failed: call={} attempt={} requestId={} correlationId={} error={}",
                        call.name(), attempt, requestId, call.correlationId(), e.getClass().getName());
                last = new MarketplaceUnavailableException(failure(call, "unreachable"), e);
            }
            Duration delay = retries.delayAfter(attempt, retryAfter);
            if (attempt == retries.maxAttempts() || pause.nanoTime() + delay.toNanos() > deadline) {
                break;
            }
            pause.sleep(delay);
        }
        LOG.warn("marketplace call given up: call={} correlationId={}", call.name(), call.correlationId());
        throw last;
    }

    /**
     * The bearer token, the attempt's request id and the call's correlation id; a JSON content type for every
     * call that sends a body (a bodiless POST too, which would otherwise be labelled a form); then the call's own
     * headers (the landing token).
     */
    private Map<String, String> headers(FulfillmentCall call, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + tokens.token());
        headers.put("x-ms-requestid", requestId);
        headers.put("x-ms-correlationid", call.correlationId());
        headers.put("Accept", "application/json");
        if (call.jsonBody() != null || !"GET".equals(call.method()) && !"DELETE".equals(call.method())) {
            headers.put("Content-Type", "application/json");
        }
        headers.putAll(call.secretHeaders());
        return headers;
    }

    private static String failure(FulfillmentCall call, String what) {
        return "marketplace " + call.name() + " " + what + ", correlation id " + call.correlationId();
    }
}
