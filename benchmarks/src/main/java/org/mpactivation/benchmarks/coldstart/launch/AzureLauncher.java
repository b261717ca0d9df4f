package org.mpactivation.benchmarks.coldstart.launch;

import org.mpactivation.azure.AzureHost;
import org.mpactivation.azure.local.AzureFunctionsHost;

/**
 * Runs one Azure HTTP function once, as the Functions Java worker does: the app's graph is built from the app
 * settings (environment variables) on the first invocation, and the request is routed to its function by path
 * (the landing page to the activation function, {@code /azure/webhook} to the webhook function).
 */
public final class AzureLauncher {

    private AzureLauncher() {
    }

    public static void main(String[] args) {
        long mainAt = System.currentTimeMillis();
        long start = System.nanoTime();
        FirstRequest.Http request = FirstRequest.http();
        AzureFunctionsHost host = AzureFunctionsHost.of(AzureHost.graph());
        long built = System.nanoTime();
        AzureFunctionsHost.Answer answer = host.serve(request.method(), request.path(), request.query(),
                request.headers(), "203.0.113.10", request.body());
        long done = System.nanoTime();
        FirstRequest.answered(answer.status(), mainAt, built - start, done - built);
        System.exit(0);
    }
}
