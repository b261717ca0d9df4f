package org.mpactivation.aws;

import org.mpactivation.port.out.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.mpactivation.web.Router;

/**
 * The fulfillment URL: the buyer's browser POSTs {@code x-amzn-marketplace-token} here; the token is
 * resolved with ResolveCustomer, the subscription recorded and the browser sent on with a 303.
 */
public final class FulfillmentHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Router router;
    private final Metrics metrics;

    public FulfillmentHandler() {
        this(AwsFunctions.fulfillment(System.getenv()).router(), AwsFunctions.metrics());
    }

    public FulfillmentHandler(Router router) {
        this(router, Metrics.NONE);
    }

    public FulfillmentHandler(Router router, Metrics metrics) {
        this.router = router;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return LambdaInvocations.http("fulfillment", event, context, metrics,
                () -> ApiGatewayHttp.serve(router, event));
    }
}
