package org.mpactivation.azure;

import org.mpactivation.port.out.Metrics;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.function.Supplier;
import org.mpactivation.web.Router;

/**
 * The buyer's side on Azure, one function per trigger, all through the shared router: the landing page
 * the Azure portal opens with {@code ?token=}, the Entra ID sign-in and its callback, and the activation
 * pages and their form posts (host.json sets an empty route prefix, so paths are as on AWS).
 */
public final class ActivationFunction {

    private final Supplier<Router> router;
    private final Supplier<Metrics> metrics;

    /** Used by the Java worker, which creates an instance per invocation: the graph is built once per host. */
    public ActivationFunction() {
        this.router = () -> AzureHost.graph().activationRouter();
        this.metrics = () -> AzureHost.graph().metrics();
    }

    public ActivationFunction(Router router) {
        this(router, Metrics.NONE);
    }

    public ActivationFunction(Router router, Metrics metrics) {
        this.router = () -> router;
        this.metrics = () -> metrics;
    }

    /** {@code GET /azure/landing?token=…}: the landing page entered in Partner Center. */
    @FunctionName("landing")
    public HttpResponseMessage landing(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "azure/landing") HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return AzureInvocations.http("landing", router, metrics, request, context);
    }

    /** {@code GET /azure/signin} and {@code GET /azure/signin/callback}: the buyer's Entra ID sign-in. */
    @FunctionName("signin")
    public HttpResponseMessage signIn(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "azure/signin/{step?}") HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return AzureInvocations.http("signin", router, metrics, request, context);
    }

    /** The activation pages and their posts ({@code /activate/...}) and the health check. */
    @FunctionName("activation")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST},
                    authLevel = AuthorizationLevel.ANONYMOUS, route = "{*path}")
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return AzureInvocations.http("activation", router, metrics, request, context);
    }
}
