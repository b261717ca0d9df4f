package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import org.mpactivation.application.RenewalCheck;

/** The daily renewal check (EventBridge schedule); the event id names the run in the audit trail. */
public final class RenewalHandler implements RequestHandler<Map<String, Object>, Map<String, Integer>> {

    private final RenewalCheck check;

    public RenewalHandler() {
        this(AwsFunctions.renewalCheck(System.getenv()));
    }

    public RenewalHandler(RenewalCheck check) {
        this.check = check;
    }

    @Override
    public Map<String, Integer> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        Object id = scheduledEvent == null ? null : scheduledEvent.get("id");
        return asMap(check.run(id == null ? "manual" : id.toString()));
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
