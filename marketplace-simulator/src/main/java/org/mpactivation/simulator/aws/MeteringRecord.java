package org.mpactivation.simulator.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A usage record the simulated marketplace accepted (status {@code Success}) and will bill.
 *
 * @param meteringRecordId the id BatchMeterUsage returned for it
 * @param productCode the product metered
 * @param licenseArn the licence of the subscription metered
 * @param customerIdentifier the subscription's customer identifier
 * @param customerAwsAccountId the subscription's AWS account id
 * @param identifiedBy how the request named the customer: {@code CustomerIdentifier} or {@code CustomerAWSAccountId}
 * @param dimension the dimension metered
 * @param hour the hour the usage belongs to (the record's timestamp truncated to the hour, UTC)
 * @param timestamp the timestamp as sent
 * @param quantity the quantity
 * @param allocations the usage allocations sent with the record (empty if none)
 * @param acceptedAt when the simulator accepted it (simulator clock)
 */
public record MeteringRecord(
        String meteringRecordId,
        String productCode,
        String licenseArn,
        String customerIdentifier,
        String customerAwsAccountId,
        String identifiedBy,
        String dimension,
        Instant hour,
        Instant timestamp,
        int quantity,
        List<Allocation> allocations,
        Instant acceptedAt) {

    public MeteringRecord {
        Objects.requireNonNull(meteringRecordId, "meteringRecordId");
        allocations = List.copyOf(allocations);
    }

    /** One usage allocation: a quantity and the tags of its bucket. */
    public record Allocation(int quantity, Map<String, String> tags) {
        public Allocation {
            tags = Map.copyOf(tags);
        }
    }
}
