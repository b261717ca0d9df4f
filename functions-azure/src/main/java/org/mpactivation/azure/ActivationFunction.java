package org.mpactivation.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import org.mpactivation.web.Router;

/**
 * Serves the activation pages on Azure: every path under the app's root (host.json sets an empty
 * route prefix) goes to the shared router.
 */
public final class ActivationFunction {

    private final Router router;

    /** Used by the Java worker, which creates an instance per invocation: the graph is built once. */
    public ActivationFunction() {
        this(Graph.ROUTER);
    }

    public ActivationFunction(Router router) {
        this.router = router;
    }

    @FunctionName("activation")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST},
                    authLevel = AuthorizationLevel.ANONYMOUS, route = "{*path}")
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return AzureHttp.serve(router, request);
    }

    /** Built on first use, once per worker process (class initialisation is thread-safe). */
    private static final class Graph {
        static final Router ROUTER = AzureFunctions.activationRouter(System.getenv());
    }
}
