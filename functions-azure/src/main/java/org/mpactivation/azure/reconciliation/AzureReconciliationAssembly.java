package org.mpactivation.azure.reconciliation;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.mpactivation.application.AzureReconciliation;
import org.mpactivation.application.WorkspaceRelease;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.DriftFindings;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;

/**
 * Builds the daily Azure subscription comparison on the store and the Fulfillment API client, the way
 * the timer function and the local server both need it: one place names its parts, so the two cannot
 * drift apart. The ending-soon period comes from the app setting {@value #ENDING_SOON_DAYS} (default 7).
 */
public final class AzureReconciliationAssembly {

    /** App setting: days before a term's end (auto-renewal off) from which a subscription is flagged. */
    public static final String ENDING_SOON_DAYS = "AZURE_ENDING_SOON_DAYS";

    private AzureReconciliationAssembly() {
    }

    public static AzureReconciliation reconciliation(ItemStore store, AzureFulfillment fulfillment, Clock clock) {
        return reconciliation(store, fulfillment, clock, AzureReconciliation.DEFAULT_ENDING_SOON);
    }

    public static AzureReconciliation reconciliation(ItemStore store, AzureFulfillment fulfillment, Clock clock,
                                                     Duration endingSoon) {
        SubscriptionRepository subscriptions = new SubscriptionRepository(store);
        AuditTrail audit = new AuditTrail(store);
        MeteringStates metering = new MeteringStates(store);
        WorkspaceRelease release = new WorkspaceRelease(subscriptions, new WorkspaceRepository(store), metering, audit,
                clock);
        return new AzureReconciliation(fulfillment, subscriptions, audit, metering, release, new DriftFindings(store),
                clock, endingSoon);
    }

    /** The ending-soon period from the app settings: whole days, at least 0. */
    public static Duration endingSoon(Map<String, String> env) {
        String days = env.get(ENDING_SOON_DAYS);
        if (days == null || days.isBlank()) {
            return AzureReconciliation.DEFAULT_ENDING_SOON;
        }
        try {
            long value = Long.parseLong(days.strip());
            if (value < 0) {
                throw new IllegalArgumentException(ENDING_SOON_DAYS + " must not be negative");
            }
            return Duration.ofDays(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ENDING_SOON_DAYS + " must be a whole number of days", e);
        }
    }
}
