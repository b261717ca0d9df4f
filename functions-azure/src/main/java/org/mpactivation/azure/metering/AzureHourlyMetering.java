package org.mpactivation.azure.metering;

import java.time.Clock;
import org.mpactivation.application.Backoff;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.application.RateLimiter;
import org.mpactivation.application.WorkspaceRelease;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;

/**
 * Builds the hourly metering run of an Azure deployment: Azure subscriptions only (their own partitions of
 * the due index), sent with batchUsageEvent, on the same store, ledger and settling as AWS's. Kept apart
 * from the functions' composition root so that the run can be built, and tested, on its own.
 */
public final class AzureHourlyMetering {

    /**
     * Calls per second. The Metering API documents no quota; this pace keeps a run's calls from coming in
     * bursts, and the client waits out a 429 as its {@code Retry-After} asks.
     */
    public static final double CALLS_PER_SECOND = 10;

    private AzureHourlyMetering() {
    }

    /** The deployed run: the marketplace's 24-hour window, real waits. */
    public static HourlyMetering create(ItemStore store, AzureMetering metering, DimensionMap dimensions,
                                        Clock clock) {
        return create(store, metering, dimensions, clock, Pause.REAL);
    }

    /**
     * @param dimensions which usage dimension is billed on which of the offer's metering dimensions
     * @param pause      how the run waits (backoff, the rate limiter): tests pass one that does not
     */
    public static HourlyMetering create(ItemStore store, AzureMetering metering, DimensionMap dimensions,
                                        Clock clock, Pause pause) {
        WorkspaceRelease release = new WorkspaceRelease(new SubscriptionRepository(store),
                new WorkspaceRepository(store), new MeteringStates(store), new AuditTrail(store), clock);
        return HourlyMetering.azure(new MeteringStates(store), new MeteringLedger(store), new UsageRepository(store),
                new SubscriptionRepository(store), new WorkspaceRepository(store), dimensions, metering,
                new RateLimiter(CALLS_PER_SECOND, pause), Backoff.standard(), pause, clock, AzureMetering.WINDOW,
                HourlyMetering.DEFAULT_PARALLELISM, release::release);
    }
}
