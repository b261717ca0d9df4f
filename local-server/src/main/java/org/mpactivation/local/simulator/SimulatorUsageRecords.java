package org.mpactivation.local.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.simulator.aws.MeteringRecord;

/**
 * What the simulated AWS Marketplace recorded: its own list of accepted usage records, which the
 * real marketplace does not offer. Against it reconciliation sees every kind of drift, including
 * records the ledger never heard of, second records for one hour and changed quantities (planted
 * by a test, or left by a run that crashed). A record belongs to a subscription when it names the
 * same product and the same licence, or, where either side has no licence, the same customer
 * identifier.
 */
public final class SimulatorUsageRecords implements MarketplaceUsageRecords {

    private final Supplier<List<MeteringRecord>> records;

    /** @param records the simulator's accepted records, e.g. {@code simulator::meteringRecords} */
    public SimulatorUsageRecords(Supplier<List<MeteringRecord>> records) {
        this.records = Objects.requireNonNull(records, "records");
    }

    @Override
    public List<RecordedUsage> recorded(MarketplaceSubscription subscription, Instant fromHour, Instant toHour) {
        List<RecordedUsage> found = new ArrayList<>();
        AwsCustomer customer = subscription.aws();
        if (customer == null) {
            return found;
        }
        for (MeteringRecord record : records.get()) {
            if (belongsTo(record, customer) && !record.hour().isBefore(fromHour) && record.hour().isBefore(toHour)) {
                found.add(new RecordedUsage(record.dimension(), record.hour(), record.quantity(),
                        record.meteringRecordId()));
            }
        }
        return found;
    }

    private static boolean belongsTo(MeteringRecord record, AwsCustomer customer) {
        if (!record.productCode().equals(customer.productCode())) {
            return false;
        }
        if (customer.licenseArn() != null && record.licenseArn() != null) {
            return customer.licenseArn().equals(record.licenseArn());
        }
        return customer.customerIdentifier() != null
                && customer.customerIdentifier().equals(record.customerIdentifier());
    }
}
