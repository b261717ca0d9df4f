package org.mpactivation.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.RecordedUsage;

/**
 * What the marketplace recorded, as a test sets it: copied from what the fake BatchMeterUsage
 * billed, then changed record by record to plant drift.
 */
final class PlantedUsageRecords implements MarketplaceUsageRecords {

    private final Map<SubscriptionId, List<RecordedUsage>> records = new HashMap<>();

    /** Takes over what {@code aws} billed to the buyer, one record per customer, dimension and hour. */
    PlantedUsageRecords copyBilled(MeteringWorld world, MeteringWorld.Buyer buyer) {
        world.aws.billed().forEach((key, quantity) -> {
            String[] parts = key.split("\\|");
            if (parts[0].equals(buyer.customerKey())) {
                add(buyer.id(), new RecordedUsage(parts[1], Instant.parse(parts[2]), quantity, "mr-" + key.hashCode()));
            }
        });
        return this;
    }

    synchronized void add(SubscriptionId id, RecordedUsage record) {
        records.computeIfAbsent(id, k -> new ArrayList<>()).add(record);
    }

    /** Removes the buyer's records of one dimension and hour; returns the first one removed. */
    synchronized RecordedUsage remove(SubscriptionId id, String dimension, Instant hour) {
        List<RecordedUsage> own = records.getOrDefault(id, new ArrayList<>());
        RecordedUsage first = own.stream().filter(r -> r.dimension().equals(dimension) && r.hour().equals(hour))
                .findFirst().orElseThrow(() -> new AssertionError("no record " + dimension + "@" + hour));
        own.removeIf(r -> r.dimension().equals(dimension) && r.hour().equals(hour));
        return first;
    }

    @Override
    public synchronized List<RecordedUsage> recorded(MarketplaceSubscription subscription, Instant fromHour,
                                                     Instant toHour) {
        return records.getOrDefault(subscription.id(), List.of()).stream()
                .filter(r -> !r.hour().isBefore(fromHour) && r.hour().isBefore(toHour)).toList();
    }
}
