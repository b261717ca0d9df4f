package org.mpactivation.local.simulator;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mpactivation.local.simulator.AzureSimulatorViews.MeteringPage;
import org.mpactivation.local.simulator.AzureSimulatorViews.UsageRow;
import org.mpactivation.simulator.azure.AcceptedUsage;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;

/**
 * The metering page's content: the usage events the simulated Metering API accepted, by subscription,
 * dimension and hour (the hour an event belongs to, which it bills once), and the calls per API. Refused
 * events (Duplicate, Expired, ResourceNotActive, ...) bill nothing and are not kept; the call counts include
 * them.
 */
final class AzureMeteringView {

    private static final Map<AzureApi, String> ROUTES = new EnumMap<>(Map.ofEntries(
            Map.entry(AzureApi.RESOLVE, "POST /saas/subscriptions/resolve"),
            Map.entry(AzureApi.ACTIVATE, "POST /saas/subscriptions/{id}/activate"),
            Map.entry(AzureApi.GET_SUBSCRIPTION, "GET /saas/subscriptions/{id}"),
            Map.entry(AzureApi.LIST_SUBSCRIPTIONS, "GET /saas/subscriptions"),
            Map.entry(AzureApi.LIST_AVAILABLE_PLANS, "GET /saas/subscriptions/{id}/listAvailablePlans"),
            Map.entry(AzureApi.UPDATE_SUBSCRIPTION, "PATCH /saas/subscriptions/{id}"),
            Map.entry(AzureApi.DELETE_SUBSCRIPTION, "DELETE /saas/subscriptions/{id}"),
            Map.entry(AzureApi.LIST_OPERATIONS, "GET /saas/subscriptions/{id}/operations"),
            Map.entry(AzureApi.GET_OPERATION, "GET /saas/subscriptions/{id}/operations/{opId}"),
            Map.entry(AzureApi.UPDATE_OPERATION, "PATCH /saas/subscriptions/{id}/operations/{opId}"),
            Map.entry(AzureApi.USAGE_EVENT, "POST /usageEvent"),
            Map.entry(AzureApi.BATCH_USAGE_EVENT, "POST /batchUsageEvent")));

    private AzureMeteringView() {
    }

    static MeteringPage of(AzureMarketplaceSimulator simulator) {
        List<UsageRow> rows = simulator.acceptedUsage().stream()
                .sorted(Comparator.comparing(AcceptedUsage::resourceId)
                        .thenComparing(AcceptedUsage::dimension)
                        .thenComparing(AcceptedUsage::effectiveStartTime, Comparator.reverseOrder()))
                .map(u -> new UsageRow(u.resourceId(), u.planId(), u.dimension(),
                        AzureMarketplacePages.seconds(u.effectiveStartTime().truncatedTo(ChronoUnit.HOURS)),
                        u.quantity().toPlainString(), u.effectiveStartTime().toString(),
                        AzureMarketplacePages.seconds(u.messageTime()), u.usageEventId()))
                .toList();
        List<SimulatorViews.CallCount> calls = new ArrayList<>();
        for (AzureApi api : AzureApi.values()) {
            calls.add(new SimulatorViews.CallCount(api.name(), ROUTES.getOrDefault(api, ""), simulator.callCount(api)));
        }
        return new MeteringPage(rows, calls);
    }
}
