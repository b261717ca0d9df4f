package org.mpactivation.aws;

import org.mpactivation.port.out.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.mpactivation.web.Router;

/** Serves the activation pages and their form posts (HTTP API or function URL, payload 2.0). */
public final class ActivationHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Router router;
    private final Metrics metrics;

    public ActivationHandler() {
        this(AwsFunctions.activationPages(System.getenv()).router(), AwsFunctions.metrics());
    }

    public ActivationHandler(Router router) {
        this(router, Metrics.NONE);
    }

    public ActivationHandler(Router router, Metrics metrics) {
        this.router = router;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return LambdaInvocations.http("activation", event, context, metrics,
                () -> ApiGatewayHttp.serve(router, event));
    }
}
