package org.mpactivation.azure;

import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.Invocations;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.time.Duration;

/**
 * The schedules: hourly metering every 15 minutes (each run takes what is due; an hour is metered once
 * it has closed) and the daily reconciliation with the marketplace. A timer function runs at most once at
 * a time per app (the Functions host holds a lease), which the metering run relies on.
 */
public final class TimerFunctions {

    /** A run stops taking new work after this long: the Functions timeout is 10 minutes on Consumption. */
    static final Duration METERING_BUDGET = Duration.ofMinutes(8);

    @FunctionName("metering")
    public void metering(@TimerTrigger(name = "timer", schedule = "0 */15 * * * *") String timerInfo,
                         ExecutionContext context) {
        AzureGraph graph = AzureHost.graph();
        context.getLogger().info("metering run " + Invocations.run(context.getInvocationId(), "metering", Cloud.AZURE,
                "schedule", graph.metrics(), () -> graph.meteringRun(METERING_BUDGET),
                report -> report.failed() > 0 || report.outage() != null ? "failed" : "ok"));
    }

    @FunctionName("reconciliation")
    public void reconciliation(@TimerTrigger(name = "timer", schedule = "0 30 3 * * *") String timerInfo,
                               ExecutionContext context) {
        AzureGraph graph = AzureHost.graph();
        context.getLogger().info("azure reconciliation " + Invocations.run(context.getInvocationId(),
                "reconciliation", Cloud.AZURE, "schedule", graph.metrics(),
                () -> graph.reconciliationRun("timer-" + context.getInvocationId()),
                report -> report.failed() > 0 ? "failed" : "ok").counts());
    }
}
