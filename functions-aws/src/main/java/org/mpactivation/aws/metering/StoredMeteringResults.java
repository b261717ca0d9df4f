package org.mpactivation.aws.metering;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.repository.MeteringLedger;

/**
 * What AWS Marketplace recorded, as far as the seller can know it. AWS offers no API that lists the
 * usage records it billed: the only account of them is the per-record answer of BatchMeterUsage
 * ({@code Success} with a metering record id), which the ledger keeps on the entry it settled. This
 * source restates those answers: one record per ledger entry that AWS accepted with a record id,
 * with the entry's quantity (AWS bills what it accepted).
 *
 * <p>Reconciliation over it therefore finds: hours billed after the subscription ended or its
 * entitlements lapsed (the subscription's state is kept current by notifications and the daily
 * renewal check's GetEntitlements); entries marked sent without a metering record id to prove it
 * (MISSING); entries still pending past the metering window. It cannot find a record AWS holds that
 * we never got an answer for, a second record for one hour (AWS keeps one per customer, dimension
 * and hour) or a quantity AWS changed: those show only in the seller's billing reports, outside
 * this service. Locally, the simulator's own record of metered usage stands in for the
 * marketplace and every kind of drift can be seen.
 */
public final class StoredMeteringResults implements MarketplaceUsageRecords {

    private static final String SUCCESS = "Success:";

    private final MeteringLedger ledger;

    public StoredMeteringResults(MeteringLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public List<RecordedUsage> recorded(MarketplaceSubscription subscription, Instant fromHour, Instant toHour) {
        List<RecordedUsage> records = new ArrayList<>();
        if (subscription.aws() == null) {
            return records;
        }
        for (LedgerEntry entry : ledger.entries(subscription.id(), fromHour, toHour)) {
            String detail = entry.detail();
            if (entry.state() == LedgerEntry.State.SENT && detail != null && detail.startsWith(SUCCESS)
                    && detail.length() > SUCCESS.length()) {
                records.add(new RecordedUsage(entry.dimension(), entry.hour(), entry.quantity(),
                        detail.substring(SUCCESS.length())));
            }
        }
        return records;
    }
}
