package org.mpactivation.aws.snapstart;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lambda handler's SnapStart runtime hooks. Before the snapshot it runs the handler's primers (the
 * SDK clients' marshalling over a canned HTTP client, the JSON mapping, the pages, password hashing: all
 * without effect outside the process), so that the first request after a restore finds that code loaded
 * and compiled. After each restore it renews what must not be shared between environments restored
 * from one snapshot: the random source, the credentials and the HTTP client, then runs the handler's own
 * renewals.
 *
 * <p>org.crac holds registered resources weakly: the handler keeps its priming in a field.
 */
public final class HandlerPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerPriming.class);

    private final String function;
    private final AwsConnections connections;
    private final List<Primer> primers;
    private final List<Runnable> renewals;
    private final Map<String, Integer> primed = new TreeMap<>();
    private final AtomicInteger restores = new AtomicInteger();

    /**
     * @param renewals what else is renewed after a restore, after the connections (for example the salt
     *                 generator of the password hashing)
     */
    public HandlerPriming(String function, AwsConnections connections, List<Primer> primers,
                          List<Runnable> renewals) {
        this.function = Objects.requireNonNull(function, "function");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.primers = List.copyOf(primers);
        this.renewals = List.copyOf(renewals);
    }

    /** Registers with the JVM's global context, which Lambda calls around the snapshot. */
    public HandlerPriming register() {
        return register(Core.getGlobalContext());
    }

    public HandlerPriming register(Context<Resource> context) {
        context.register(this);
        return this;
    }

    /** A primer that fails is logged and skipped: it costs the first request time, never the snapshot. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        for (Primer primer : primers) {
            try {
                int units = primer.work().getAsInt();
                synchronized (primed) {
                    primed.merge(primer.name(), units, Integer::sum);
                }
            } catch (RuntimeException failed) {
                LOG.warn("priming step failed function={} step={} error={}", function, primer.name(),
                        failed.toString());
            }
        }
        LOG.info("primed for the snapshot function={} steps={}", function, primed());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        connections.renew();
        renewals.forEach(Runnable::run);
        restores.incrementAndGet();
    }

    /** The units of work each primer did so far, by name. */
    public Map<String, Integer> primed() {
        synchronized (primed) {
            return Map.copyOf(primed);
        }
    }

    public int restores() {
        return restores.get();
    }

    public AwsConnections connections() {
        return connections;
    }
}
