package org.mpactivation.aws;

import org.mpactivation.port.out.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebResponse;

/**
 * The internal usage endpoint behind an IAM-authorized HTTP API route. API Gateway checks the
 * caller's SigV4 signature; this handler also refuses any event that does not carry the IAM
 * authorizer's identity, so a misconfigured route cannot open it to the world.
 */
public final class UsageIntakeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Router router;
    private final Metrics metrics;

    public UsageIntakeHandler() {
        this(AwsFunctions.usageRouter(System.getenv()), AwsFunctions.metrics());
    }

    public UsageIntakeHandler(Router router) {
        this(router, Metrics.NONE);
    }

    public UsageIntakeHandler(Router router, Metrics metrics) {
        this.router = router;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return LambdaInvocations.http("usage", event, context, metrics, () -> iamAuthorized(event)
                ? ApiGatewayHttp.serve(router, event)
                : ApiGatewayHttp.toResponse(router.withSecurityHeaders(WebResponse.text(403, "application/json",
                        "{\"error\":\"IAM authorization is required\"}"))));
    }

    private static boolean iamAuthorized(APIGatewayV2HTTPEvent event) {
        var requestContext = event == null ? null : event.getRequestContext();
        return requestContext != null && requestContext.getAuthorizer() != null
                && requestContext.getAuthorizer().getIam() != null
                && requestContext.getAuthorizer().getIam().getUserArn() != null;
    }
}
