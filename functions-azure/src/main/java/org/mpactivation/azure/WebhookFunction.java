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
 * The "Connection webhook" entered in Partner Center: {@code POST /azure/webhook}. Anonymous at the
 * Functions level on purpose: the marketplace sends an Entra bearer token, not a function key, and the
 * route checks that token before anything else.
 */
public final class WebhookFunction {

    private final Supplier<Router> router;
    private final Supplier<Metrics> metrics;

    public WebhookFunction() {
        this.router = () -> AzureHost.graph().webhookRouter();
        this.metrics = () -> AzureHost.graph().metrics();
    }

    public WebhookFunction(Router router) {
        this(router, Metrics.NONE);
    }

    public WebhookFunction(Router router, Metrics metrics) {
        this.router = () -> router;
        this.metrics = () -> metrics;
    }

    @FunctionName("webhook")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "azure/webhook") HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return AzureInvocations.http("webhook", router, metrics, request, context);
    }
}
