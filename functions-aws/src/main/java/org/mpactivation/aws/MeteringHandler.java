package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.util.Map;
import org.mpactivation.application.HourlyMetering;

/**
 * The metering schedule (EventBridge, every 15 minutes, one invocation at a time): one run over the
 * subscriptions that are due, within the invocation's time.
 */
public final class MeteringHandler implements RequestHandler<Map<String, Object>, Map<String, Integer>> {

    private final HourlyMetering metering;

    public MeteringHandler() {
        this(AwsFunctions.hourlyMetering(System.getenv()));
    }

    public MeteringHandler(HourlyMetering metering) {
        this.metering = metering;
    }

    /** Time kept back from the invocation's limit to settle the last page and answer. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(90);
    /** The budget when no Lambda context says otherwise (a direct call). */
    static final Duration DEFAULT_BUDGET = Duration.ofMinutes(13);

    @Override
    public Map<String, Integer> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        Duration budget = context == null ? DEFAULT_BUDGET
                : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
        return asMap(metering.run(budget));
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
