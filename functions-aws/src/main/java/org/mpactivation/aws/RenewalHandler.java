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
import java.util.Map;
import org.mpactivation.application.RenewalCheck;

/** The daily renewal check (EventBridge schedule); the event id names the run in the audit trail. */
public final class RenewalHandler implements RequestHandler<Map<String, Object>, Map<String, Integer>> {

    static {
        // JDK work the first request needs, started on a spare core while the handler builds itself
        StartupWarmup.begin();
    }

    private final RenewalCheck check;
    private final Metrics metrics;

    /** Kept here: org.crac holds the hooks it calls weakly. */
    private final HandlerPriming priming;

    public RenewalHandler() {
        this(SnapStartFunctions.renewal(System.getenv(), AwsConnections.lambda()), AwsFunctions.metrics(),
                Core.getGlobalContext());
    }

    /** With SnapStart hooks, registered with {@code hooks} (Lambda's: the global context). */
    public RenewalHandler(PrimedFunction<RenewalCheck> function, Metrics metrics, org.crac.Context<Resource> hooks) {
        this(function.target(), metrics, function.priming().register(hooks));
    }

    public RenewalHandler(RenewalCheck check) {
        this(check, Metrics.NONE);
    }

    public RenewalHandler(RenewalCheck check, Metrics metrics) {
        this(check, metrics, null);
    }

    private RenewalHandler(RenewalCheck check, Metrics metrics, HandlerPriming priming) {
        this.check = check;
        this.metrics = metrics;
        this.priming = priming;
    }

    @Override
    public Map<String, Integer> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        Object id = scheduledEvent == null ? null : scheduledEvent.get("id");
        return Invocations.run(LambdaInvocations.requestId(context), "renewal", Cloud.AWS, "schedule", metrics,
                () -> asMap(check.run(id == null ? "manual" : id.toString())),
                report -> report.get("failed") > 0 ? "failed" : "ok");
    }

    /** The report as a plain map: the Lambda runtime serializes maps, not records. */
    static Map<String, Integer> asMap(RenewalCheck.Report r) {
        Map<String, Integer> map = new java.util.LinkedHashMap<>();
        map.put("checked", r.checked());
        map.put("repaired", r.repaired());
        map.put("endingSoon", r.endingSoon());
        map.put("failed", r.failed());
        return map;
    }
}
