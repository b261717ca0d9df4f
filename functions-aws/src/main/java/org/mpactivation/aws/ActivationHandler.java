package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.mpactivation.web.Router;

/** Serves the activation pages and their form posts (HTTP API or function URL, payload 2.0). */
public final class ActivationHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Router router;

    public ActivationHandler() {
        this(AwsFunctions.activationPages(System.getenv()).router());
    }

    public ActivationHandler(Router router) {
        this.router = router;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGatewayHttp.serve(router, event);
    }
}
