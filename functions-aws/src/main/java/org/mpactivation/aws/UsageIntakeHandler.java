package org.mpactivation.aws;

import org.mpactivation.port.out.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.crac.Core;
import org.crac.Resource;
import org.mpactivation.aws.snapstart.AwsConnections;
import org.mpactivation.aws.snapstart.HandlerPriming;
import org.mpactivation.aws.snapstart.PrimedFunction;
import org.mpactivation.aws.snapstart.SnapStartFunctions;
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
    /** Kept here: org.crac holds the hooks it calls weakly. */
    private final HandlerPriming priming;

    public UsageIntakeHandler() {
        this(SnapStartFunctions.usage(System.getenv(), AwsConnections.lambda()), AwsFunctions.metrics(),
                Core.getGlobalContext());
    }

    /** With SnapStart hooks, registered with {@code hooks} (Lambda's: the global context). */
    public UsageIntakeHandler(PrimedFunction<Router> function, Metrics metrics, org.crac.Context<Resource> hooks) {
        this(function.target(), metrics, function.priming().register(hooks));
    }

    public UsageIntakeHandler(Router router) {
        this(router, Metrics.NONE);
    }

    public UsageIntakeHandler(Router router, Metrics metrics) {
        this(router, metrics, null);
    }

    private UsageIntakeHandler(Router router, Metrics metrics, HandlerPriming priming) {
        this.router = router;
        this.metrics = metrics;
        this.priming = priming;
    }

    /** The SnapStart hooks; null where the handler was given its router. */
    HandlerPriming priming() {
        return priming;
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
