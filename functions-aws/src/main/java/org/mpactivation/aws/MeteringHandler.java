package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import org.mpactivation.application.HourlyMetering;

/** The metering schedule (EventBridge, every 15 minutes): one run over the subscriptions that are due. */
public final class MeteringHandler implements RequestHandler<Map<String, Object>, Map<String, Integer>> {

    private final HourlyMetering metering;

    public MeteringHandler() {
        this(AwsFunctions.hourlyMetering(System.getenv()));
    }

    public MeteringHandler(HourlyMetering metering) {
        this.metering = metering;
    }

    @Override
    public Map<String, Integer> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        return asMap(metering.run());
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
        return map;
    }
}
