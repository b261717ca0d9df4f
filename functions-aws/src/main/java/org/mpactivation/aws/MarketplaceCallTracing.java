package org.mpactivation.aws;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.observability.MarketplaceCalls;

/**
 * Traces every HTTP request to one AWS Marketplace API: our request id goes with it (as {@link #HEADER}),
 * and one line is logged per request sent ({@link MarketplaceCalls}) with the operation, the status, the
 * latency and AWS's own request id ({@code x-amzn-RequestId}).
 *
 * <p>Two halves on one object, because the client's {@link AwsJsonClient.Listener} is told the operation,
 * status and time but not the answer's headers: {@link #transport} wraps the client's transport, adds the
 * header and notes the answer's request id on the sending thread; the listener (called by the client on that
 * thread right after the send) logs the line with it. The header is added after signing, so it is not among
 * the signed headers: AWS accepts headers the signature does not cover, and ours carries nothing secret.
 */
public final class MarketplaceCallTracing implements AwsJsonClient.Listener {

    /** The header that names the request of ours that made the call. */
    public static final String HEADER = "x-correlation-id";

    private final String marketplace;
    private final ThreadLocal<String> lastRequestId = new ThreadLocal<>();

    /** @param service the API as logged, e.g. {@code MarketplaceMetering} (logged as {@code aws:<service>}) */
    public MarketplaceCallTracing(String service) {
        this.marketplace = "aws:" + Objects.requireNonNull(service, "service");
    }

    /** The client's transport, carrying our request id out and AWS's back to the listener. */
    public AwsHttp transport(AwsHttp delegate) {
        Objects.requireNonNull(delegate, "delegate");
        return request -> {
            lastRequestId.remove();
            Map<String, String> headers = new LinkedHashMap<>(request.headers());
            headers.put(HEADER, MarketplaceCalls.correlationId());
            AwsHttp.Response response;
            try {
                response = delegate.send(new AwsHttp.Request(request.method(), request.uri(), headers, request.body()));
            } catch (IOException e) {
                lastRequestId.remove();
                throw e;
            }
            lastRequestId.set(response.header("x-amzn-requestid"));
            return response;
        };
    }

    @Override
    public void sent(String operation, int attempt, int status, Duration elapsed) {
        String requestId = status < 0 ? null : lastRequestId.get();
        lastRequestId.remove();
        MarketplaceCalls.log(marketplace, operation, status, requestId, elapsed.toMillis());
    }
}
