package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Supplier;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.Invocations;
import org.mpactivation.port.out.Metrics;

/**
 * Runs a handler's work inside its request context: the request id is API Gateway's
 * ({@code requestContext.requestId}, which its access log names too), else the invocation's.
 */
public final class LambdaInvocations {

    private LambdaInvocations() {
    }

    /** @param work the handler's answer to the event (malformed events included: they are answered too) */
    public static APIGatewayV2HTTPResponse http(String function, APIGatewayV2HTTPEvent event, Context context,
                                                Metrics metrics, Supplier<APIGatewayV2HTTPResponse> work) {
        return Invocations.exchange(requestId(event, context), function, Cloud.AWS, metrics, method(event), work,
                APIGatewayV2HTTPResponse::getStatusCode);
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        return event != null && event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null
                ? event.getRequestContext().getHttp().getMethod() : "UNKNOWN";
    }

    public static String requestId(APIGatewayV2HTTPEvent event, Context context) {
        if (event != null && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        return requestId(context);
    }

    /** The Lambda invocation's id; null (a fresh one) when called without a Lambda context. */
    public static String requestId(Context context) {
        return context == null ? null : context.getAwsRequestId();
    }
}
