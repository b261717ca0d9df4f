package org.mpactivation.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.util.Optional;
import java.util.function.Supplier;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.Invocations;
import org.mpactivation.port.out.Metrics;
import org.mpactivation.web.Router;

/**
 * Serves an Azure function's invocation inside its request context. The request id is the caller's
 * {@code x-ms-requestid} where one came (the marketplace names its calls so), else the invocation id
 * the Functions host gave, else an {@code x-request-id} (the local run), else a fresh one.
 */
public final class AzureInvocations {

    private AzureInvocations() {
    }

    public static HttpResponseMessage http(String function, Supplier<Router> router, Supplier<Metrics> metrics,
                                           HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Invocations.exchange(requestId(request, context), function, Cloud.AZURE, available(metrics),
                request.getHttpMethod() == null ? "GET" : request.getHttpMethod().name(),
                () -> AzureHttp.serve(router, request), response -> response.getStatusCode());
    }

    /** The metrics of the configured graph; none while the settings are incomplete (the answer is a 503). */
    static Metrics available(Supplier<Metrics> metrics) {
        try {
            return metrics.get();
        } catch (IllegalStateException notConfigured) {
            return Metrics.NONE;
        }
    }

    static String requestId(HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        Optional<String> marketplace = header(request, "x-ms-requestid");
        if (marketplace.isPresent()) {
            return marketplace.get();
        }
        if (context != null && context.getInvocationId() != null) {
            return context.getInvocationId();
        }
        return header(request, "x-request-id").orElse(null);
    }

    private static Optional<String> header(HttpRequestMessage<Optional<String>> request, String name) {
        if (request.getHeaders() == null) {
            return Optional.empty();
        }
        return request.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue).filter(v -> v != null && !v.isBlank()).findFirst();
    }
}
