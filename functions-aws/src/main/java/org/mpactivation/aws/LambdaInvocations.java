package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Function;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.Invocations;
import org.mpactivation.port.out.Metrics;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * Runs a handler's work inside its request context: the request id is API Gateway's
 * ({@code requestContext.requestId}, which its access log names too), else the invocation's.
 */
public final class LambdaInvocations {

    private LambdaInvocations() {
    }

    public static APIGatewayV2HTTPResponse http(String function, APIGatewayV2HTTPEvent event, Context context,
                                                Metrics metrics, Function<WebRequest, WebResponse> handler) {
        return ApiGatewayHttp.toResponse(Invocations.http(requestId(event, context), function, Cloud.AWS, metrics,
                ApiGatewayHttp.toWebRequest(event), handler));
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
