package org.mpactivation.aws;

import org.mpactivation.config.StartupWarmup;
import org.mpactivation.port.out.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Core;
import org.crac.Resource;
import org.mpactivation.aws.snapstart.AwsConnections;
import org.mpactivation.aws.snapstart.HandlerPriming;
import org.mpactivation.aws.snapstart.PrimedFunction;
import org.mpactivation.aws.snapstart.SnapStartFunctions;
import org.mpactivation.web.Router;

/**
 * The fulfillment URL: the buyer's browser POSTs {@code x-amzn-marketplace-token} here; the token is
 * resolved with ResolveCustomer, the subscription recorded and the browser sent on with a 303.
 */
public final class FulfillmentHandler implements RequestStreamHandler {

    static {
        // JDK work the first request needs, started on a spare core while the handler builds itself
        StartupWarmup.begin();
    }

    private final Router router;
    private final Metrics metrics;
    /** Kept here: org.crac holds the hooks it calls weakly. */
    private final HandlerPriming priming;

    public FulfillmentHandler() {
        this(SnapStartFunctions.fulfillment(System.getenv(), AwsConnections.lambda()), AwsFunctions.metrics(),
                Core.getGlobalContext());
    }

    /** With SnapStart hooks, registered with {@code hooks} (Lambda's: the global context). */
    public FulfillmentHandler(PrimedFunction<Router> function, Metrics metrics, org.crac.Context<Resource> hooks) {
        this(function.target(), metrics, function.priming().register(hooks));
    }

    public FulfillmentHandler(Router router) {
        this(router, Metrics.NONE);
    }

    public FulfillmentHandler(Router router, Metrics metrics) {
        this(router, metrics, null);
    }

    private FulfillmentHandler(Router router, Metrics metrics, HandlerPriming priming) {
        this.router = router;
        this.metrics = metrics;
        this.priming = priming;
    }

    /** The SnapStart hooks; null where the handler was given its router. */
    HandlerPriming priming() {
        return priming;
    }

    /** Reads the payload 2.0 event from Lambda's bytes and writes the payload 2.0 answer (see {@link HttpApiEvents}). */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpApiEvents.Received event = HttpApiEvents.read(input);
        HttpApiEvents.write(LambdaInvocations.http("fulfillment", event, context, metrics,
                () -> ApiGatewayHttp.serve(router, event)), output);
    }
}
