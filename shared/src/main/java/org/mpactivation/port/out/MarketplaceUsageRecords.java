package org.mpactivation.port.out;

import java.time.Instant;
import java.util.List;
import org.mpactivation.domain.MarketplaceSubscription;

/**
 * What the marketplace recorded as billed for one subscription: the other side of reconciliation.
 *
 * <p>Implementations differ in what they can know. Where the marketplace offers no API that lists
 * metered records (AWS Marketplace has none), an implementation can only restate the per-record
 * results the marketplace returned and we stored; reconciliation against it then finds what those
 * results and the subscription's state reveal, not what the marketplace did without telling us.
 * Each implementation documents what it can and cannot see.
 */
public interface MarketplaceUsageRecords {

    /**
     * The records of the subscription for the hours in [{@code fromHour}, {@code toHour}), in any
     * order; two records for one dimension and hour are returned as two.
     *
     * @throws MarketplaceUnavailableException when the source cannot be read now (retried next run)
     */
    List<RecordedUsage> recorded(MarketplaceSubscription subscription, Instant fromHour, Instant toHour);
}
