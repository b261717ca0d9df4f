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
import org.mpactivation.web.WebResponse;

/**
 * The internal usage endpoint behind an IAM-authorized HTTP API route. API Gateway checks the
 * caller's SigV4 signature; this handler also refuses any event that does not carry the IAM
 * authorizer's identity, so a misconfigured route cannot open it to the world.
 */
public final class UsageIntakeHandler implements RequestStreamHandler {

    static {
        // JDK work the first request needs, started on a spare core while the handler builds itself
        StartupWarmup.begin();
    }

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

    /**
     * Reads the payload 2.0 event from Lambda's bytes and writes the payload 2.0 answer (see {@link HttpApiEvents});
     * an event that cannot be read is answered 400 as by the other functions, a readable one without the IAM
     * caller 403.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpApiEvents.Received event = HttpApiEvents.read(input);
        HttpApiEvents.write(LambdaInvocations.http("usage", event, context, metrics,
                () -> event.unreadable() != null || iamAuthorized(event.event())
                        ? ApiGatewayHttp.serve(router, event)
                        : router.withSecurityHeaders(WebResponse.text(403, "application/json",
                                "{\"error\":\"IAM authorization is required\"}"))), output);
    }

    private static boolean iamAuthorized(HttpApiEvent event) {
        return event != null && event.requestContext() != null && event.requestContext().iamUserArn() != null;
    }
}
