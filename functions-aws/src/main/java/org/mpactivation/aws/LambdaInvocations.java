package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.Supplier;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.Invocations;
import org.mpactivation.port.out.Metrics;
import org.mpactivation.web.WebResponse;

/**
 * Runs a handler's work inside its request context: the request id is API Gateway's
 * ({@code requestContext.requestId}, which its access log names too), else the invocation's.
 */
public final class LambdaInvocations {

    private LambdaInvocations() {
    }

    /** @param work the handler's answer to the event (unreadable events included: they are answered too) */
    public static WebResponse http(String function, HttpApiEvents.Received received, Context context,
                                   Metrics metrics, Supplier<WebResponse> work) {
        return Invocations.exchange(requestId(received.event(), context), function, Cloud.AWS, metrics,
                method(received.event()), work, WebResponse::status);
    }

    private static String method(HttpApiEvent event) {
        return event != null && event.requestContext() != null && event.requestContext().http() != null
                && event.requestContext().http().method() != null
                ? event.requestContext().http().method() : "UNKNOWN";
    }

    public static String requestId(HttpApiEvent event, Context context) {
        if (event != null && event.requestContext() != null && event.requestContext().requestId() != null) {
            return event.requestContext().requestId();
        }
        return requestId(context);
    }

    /** The Lambda invocation's id; null (a fresh one) when called without a Lambda context. */
    public static String requestId(Context context) {
        return context == null ? null : context.getAwsRequestId();
    }
}
