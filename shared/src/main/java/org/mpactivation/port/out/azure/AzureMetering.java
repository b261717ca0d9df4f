package org.mpactivation.port.out.azure;

import java.time.Duration;
import java.util.List;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringRejectedException;

/** Azure Marketplace metering: the Marketplace Metering API's {@code batchUsageEvent}. */
public interface AzureMetering {

    /** At most this many events per call. */
    int MAX_EVENTS_PER_CALL = 25;

    /** How old an event's hour may be for the marketplace to accept it (older ones come back Expired). */
    Duration WINDOW = Duration.ofHours(24);

    /**
     * Sends one batch of usage events, one per resource, dimension and hour.
     *
     * @return one result per event the answer names, in the answer's order
     * @throws MeteringRejectedException       with {@link MeteringRejectedException.Reason#VALIDATION} when the
     *                                         marketplace refused the whole batch (no events, more than
     *                                         {@value #MAX_EVENTS_PER_CALL}, malformed): do not resend it unchanged
     * @throws MarketplaceAccessException      when our token or registration was refused (401/403): an outage, not a
     *                                         verdict on the usage; retry later and alert
     * @throws MarketplaceThrottledException   when the marketplace kept throttling (429) after bounded retries
     * @throws MarketplaceUnavailableException on other transient failures (5xx, I/O) after bounded retries
     */
    List<UsageEventResult> batchUsageEvent(List<UsageEvent> events);
}
