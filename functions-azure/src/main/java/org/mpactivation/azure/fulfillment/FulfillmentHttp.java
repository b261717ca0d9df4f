package org.mpactivation.azure.fulfillment;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client;
    private final AccessTokens tokens;
    private final RetryPolicy retries;
    private final Pause pause;

    /**
     * The process's one client for the marketplace's APIs (10-second connect timeout, redirects not followed),
     * made by the first that needs it: the Fulfillment and Metering clients share its connections and its
     * selector thread rather than each starting its own.
     */
    public static HttpClient sharedClient() {
        return SharedClient.INSTANCE;
    }

    private static final class SharedClient {
        static final HttpClient INSTANCE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public FulfillmentHttp(HttpClient client, AccessTokens tokens, RetryPolicy retries, Pause pause) {
        this.client = Objects.requireNonNull(client, "client");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    public HttpResponse<String> send(FulfillmentCall call) {
        long deadline = pause.nanoTime() + retries.deadline().toNanos();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retries.maxAttempts(); attempt++) {
            String requestId = UUID.randomUUID().toString();
            Optional<Duration> retryAfter = Optional.empty();
            long started = pause.nanoTime();
            try {
                HttpResponse<String> response = client.send(request(call, requestId),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                MarketplaceCalls.log("azure", call.name(), status,
                        response.headers().firstValue("x-ms-requestid").orElse(requestId),
                        (pause.nanoTime() - started) / 1_000_000);
                if (status == 401 || status == 403) {
                    tokens.invalidate();
                    throw new MarketplaceAccessException("the marketplace refused our access token (" + status
                            + ") on " + call.name() + ", correlation id " + call.correlationId(), null);
                }
                if (status != 429 && status < 500) {
                    return response;
                }
                retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After"));
                last = status == 429
                        ? new MarketplaceThrottledException(failure(call, "throttled (429)"), null)
                        : new MarketplaceUnavailableException(failure(call, "failed (" + status + ")"), null);
            } catch (IOException e) {
                LOG.warn("marketplace call failed: call={} attempt={} requestId={} correlationId={} error={}",
                        call.name(), attempt, requestId, call.correlationId(), e.getClass().getName());
                last = new MarketplaceUnavailableException(failure(call, "unreachable"), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MarketplaceUnavailableException(failure(call, "interrupted"), e);
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

    private HttpRequest request(FulfillmentCall call, String requestId) {
        HttpRequest.BodyPublisher body = call.jsonBody() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.jsonBody());
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri())
                .timeout(REQUEST_TIMEOUT)
                .method(call.method(), body)
                .header("Authorization", "Bearer " + tokens.token())
                .header("x-ms-requestid", requestId)
                .header("x-ms-correlationid", call.correlationId())
                .header("Accept", "application/json");
        if (call.jsonBody() != null) {
            builder.header("Content-Type", "application/json");
        }
        call.secretHeaders().forEach(builder::header);
        return builder.build();
    }

    private static String failure(FulfillmentCall call, String what) {
        return "marketplace " + call.name() + " " + what + ", correlation id " + call.correlationId();
    }
}
