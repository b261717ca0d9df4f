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
import org.mpactivation.application.HourlyMetering;

/**
 * The metering schedule (EventBridge, every 15 minutes, one invocation at a time): one run over the
 * subscriptions that are due, within the invocation's time.
 */
public final class MeteringHandler implements RequestHandler<Map<String, Object>, Map<String, Integer>> {

    static {
        // JDK work the first request needs, started on a spare core while the handler builds itself
        StartupWarmup.begin();
    }

    private final HourlyMetering metering;
    private final Metrics metrics;

    /** Kept here: org.crac holds the hooks it calls weakly. */
    private final HandlerPriming priming;

    public MeteringHandler() {
        this(SnapStartFunctions.metering(System.getenv(), AwsConnections.lambda()), AwsFunctions.metrics(),
                Core.getGlobalContext());
    }

    /** With SnapStart hooks, registered with {@code hooks} (Lambda's: the global context). */
    public MeteringHandler(PrimedFunction<HourlyMetering> function, Metrics metrics, org.crac.Context<Resource> hooks) {
        this(function.target(), metrics, function.priming().register(hooks));
    }

    public MeteringHandler(HourlyMetering metering) {
        this(metering, Metrics.NONE);
    }

    public MeteringHandler(HourlyMetering metering, Metrics metrics) {
        this(metering, metrics, null);
    }

    private MeteringHandler(HourlyMetering metering, Metrics metrics, HandlerPriming priming) {
        this.metering = metering;
        this.metrics = metrics;
        this.priming = priming;
    }

    /** Time kept back from the invocation's limit to settle the last page and answer. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(90);
    /** The budget when no Lambda context says otherwise (a direct call). */
    static final Duration DEFAULT_BUDGET = Duration.ofMinutes(13);

    @Override
    public Map<String, Integer> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        Duration budget = context == null ? DEFAULT_BUDGET
                : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
        return Invocations.run(LambdaInvocations.requestId(context), "metering", Cloud.AWS, "schedule", metrics,
                () -> asMap(metering.run(budget, metrics)),
                report -> report.get("failed") > 0 || report.get("outage") > 0 ? "failed" : "ok");
    }

    /** The report as a plain map: the Lambda runtime serializes maps, not records. */
    static Map<String, Integer> asMap(HourlyMetering.Report r) {
        Map<String, Integer> map = new java.util.LinkedHashMap<>();
        map.put("subscriptions", r.subscriptions());
        map.put("recordsSent", r.recordsSent());
        map.put("duplicates", r.duplicates());
        map.put("notSubscribed", r.notSubscribed());
        map.put("flagged", r.flagged());
        map.put("calls", r.calls());
        map.put("recordsLeftPending", r.recordsLeftPending());
        map.put("failed", r.failed());
        map.put("deadlineReached", r.deadlineReached() ? 1 : 0);
        map.put("outage", r.outage() != null ? 1 : 0);
        return map;
    }
}
