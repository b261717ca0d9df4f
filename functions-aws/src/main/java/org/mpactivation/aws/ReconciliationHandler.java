package org.mpactivation.aws;

import org.mpactivation.config.StartupWarmup;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.Invocations;
import org.mpactivation.port.out.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import org.crac.Core;
import org.crac.Resource;
import org.mpactivation.aws.snapstart.AwsConnections;
import org.mpactivation.aws.snapstart.HandlerPriming;
import org.mpactivation.aws.snapstart.PrimedFunction;
import org.mpactivation.aws.snapstart.SnapStartFunctions;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.util.Map;
import org.mpactivation.application.Reconciliation;
import org.mpactivation.domain.DriftKind;

/**
 * The daily reconciliation (EventBridge schedule): the ledger against what the marketplace recorded,
 * within the invocation's time; the event id names the run the operator sees.
 */
public final class ReconciliationHandler implements RequestHandler<Map<String, Object>, Map<String, Integer>> {

    static {
        // JDK work the first request needs, started on a spare core while the handler builds itself
        StartupWarmup.begin();
    }

    /** Time kept back from the invocation's limit to finish the subscription in hand and answer. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(60);
    static final Duration DEFAULT_BUDGET = Duration.ofMinutes(13);

    private final Reconciliation reconciliation;
    private final Metrics metrics;

    /** Kept here: org.crac holds the hooks it calls weakly. */
    private final HandlerPriming priming;

    public ReconciliationHandler() {
        this(SnapStartFunctions.reconciliation(System.getenv(), AwsConnections.lambda()), AwsFunctions.metrics(),
                Core.getGlobalContext());
    }

    /** With SnapStart hooks, registered with {@code hooks} (Lambda's: the global context). */
    public ReconciliationHandler(PrimedFunction<Reconciliation> function, Metrics metrics, org.crac.Context<Resource> hooks) {
        this(function.target(), metrics, function.priming().register(hooks));
    }

    public ReconciliationHandler(Reconciliation reconciliation) {
        this(reconciliation, Metrics.NONE);
    }

    public ReconciliationHandler(Reconciliation reconciliation, Metrics metrics) {
        this(reconciliation, metrics, null);
    }

    private ReconciliationHandler(Reconciliation reconciliation, Metrics metrics, HandlerPriming priming) {
        this.reconciliation = reconciliation;
        this.metrics = metrics;
        this.priming = priming;
    }

    @Override
    public Map<String, Integer> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        Object id = scheduledEvent == null ? null : scheduledEvent.get("id");
        Duration budget = context == null ? DEFAULT_BUDGET
                : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
        return Invocations.run(LambdaInvocations.requestId(context), "reconciliation", Cloud.AWS, "schedule", metrics,
                () -> asMap(reconciliation.run(id == null ? "manual" : id.toString(), budget, metrics)),
                report -> report.get("failed") > 0 ? "failed" : "ok");
    }

    /** The report as a plain map: the Lambda runtime serializes maps, not records. */
    static Map<String, Integer> asMap(Reconciliation.Report r) {
        Map<String, Integer> map = new java.util.LinkedHashMap<>();
        map.put("enrolled", r.enrolled());
        map.put("subscriptions", r.subscriptions());
        for (DriftKind kind : DriftKind.values()) {
            map.put(kind.name(), r.count(kind));
        }
        map.put("failed", r.failed());
        map.put("deadlineReached", r.deadlineReached() ? 1 : 0);
        return map;
    }
}
