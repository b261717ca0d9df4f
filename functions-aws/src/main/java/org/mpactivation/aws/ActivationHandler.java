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

/** Serves the activation pages and their form posts (HTTP API or function URL, payload 2.0). */
public final class ActivationHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Router router;
    private final Metrics metrics;
    /** Kept here: org.crac holds the hooks it calls weakly. */
    private final HandlerPriming priming;

    public ActivationHandler() {
        this(SnapStartFunctions.activation(System.getenv(), AwsConnections.lambda()), AwsFunctions.metrics(),
                Core.getGlobalContext());
    }

    /** With SnapStart hooks, registered with {@code hooks} (Lambda's: the global context). */
    public ActivationHandler(PrimedFunction<Router> function, Metrics metrics, org.crac.Context<Resource> hooks) {
        this(function.target(), metrics, function.priming().register(hooks));
    }

    public ActivationHandler(Router router) {
        this(router, Metrics.NONE);
    }

    public ActivationHandler(Router router, Metrics metrics) {
        this(router, metrics, null);
    }

    private ActivationHandler(Router router, Metrics metrics, HandlerPriming priming) {
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
        return LambdaInvocations.http("activation", event, context, metrics,
                () -> ApiGatewayHttp.serve(router, event));
    }
}
