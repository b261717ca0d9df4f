package org.mpactivation.azure;

import org.mpactivation.config.StartupWarmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link AzureGraph} of this worker process, built from the app settings on first use (the Java
 * worker creates a function instance per call, so the graph cannot live in the instances). Settings that
 * are missing or invalid are named, without their values, in the log and in every answer's failure,
 * until they are fixed and the app restarts.
 */
public final class AzureHost {

    static {
        // JDK work the first request needs, started on a spare core while the graph is built
        StartupWarmup.begin();
    }

    private static final Logger LOG = LoggerFactory.getLogger(AzureHost.class);

    private AzureHost() {
    }

    private static volatile AzureGraph graph;
    private static volatile String failure;

    /** @throws IllegalStateException naming what is missing when the graph cannot be built */
    public static AzureGraph graph() {
        AzureGraph built = graph;
        if (built != null) {
            return built;
        }
        synchronized (AzureHost.class) {
            if (graph == null) {
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                try {
                    graph = AzureFunctions.fromEnvironment(System.getenv());
                } catch (RuntimeException e) {
                    // settings do not change while the app runs: fail the same way until it restarts
                    failure = "the Azure functions cannot start: " + e.getMessage();
                    LOG.error(failure);
                    throw new IllegalStateException(failure, e);
                }
            }
            return graph;
        }
    }
}
