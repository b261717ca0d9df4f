package org.mpactivation.application;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.application.MeteringCalls.Pending;
import org.mpactivation.application.MeteringCalls.Sendable;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringResult;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.repository.MeteringLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bills AWS subscriptions with BatchMeterUsage. A call holds at most 25 records of one product that
 * all name the buyer the same way (by customer identifier with the product code, or by account and
 * licence): AWS refuses a request that mixes them. Retries, splitting and the outage circuit are
 * {@link MeteringCalls}'.
 */
final class AwsMeteringChannel implements MeteringChannel {

    private static final Logger LOG = LoggerFactory.getLogger(AwsMeteringChannel.class);

    private final AwsMetering metering;
    private final MeteringCalls calls;
    private final Duration window;
    private final MarketplaceUsageRecords billedRecords;

    /**
     * @param billedRecords where the quantity the marketplace billed before can be read, to show an
     *                      operator both sides of a DuplicateRecord; null where nothing can tell
     *                      (BatchMeterUsage's answer does not say)
     */
    AwsMeteringChannel(AwsMetering metering, MeteringCalls calls, Duration window,
                       MarketplaceUsageRecords billedRecords) {
        this.metering = metering;
        this.calls = calls;
        this.window = window;
        this.billedRecords = billedRecords;
    }

    /** Which records may share a call: one product, one way of naming the buyer. */
    private record CallGroup(String productCode, boolean byLicense) {
    }

    @Override
    public Cloud cloud() {
        return Cloud.AWS;
    }

    @Override
    public Duration window() {
        return window;
    }

    @Override
    public boolean canMeter(MarketplaceSubscription subscription) {
        return subscription.aws() != null;
    }

    /** CustomerNotSubscribed: AWS bills the buyer no more. */
    @Override
    public boolean buyerGone(MeteringWork work) {
        return work.anyNotSubscribed();
    }

    @Override
    public void send(List<MeteringWork> works, Instant now, MeteringTally tally) {
        Map<CallGroup, List<Pending<MeteringLine>>> groups = new LinkedHashMap<>();
        for (Sendable sendable : MeteringCalls.sendable(works, this, now, tally)) {
            MeteringWork work = sendable.work();
            LedgerEntry entry = sendable.entry();
            if (entry.quantity() > Integer.MAX_VALUE) {
                // BatchMeterUsage takes at most 2^31-1 per record: flag it rather than bill less
                work.settle(entry, LedgerEntry.State.FLAGGED, "quantity above the marketplace's maximum");
                tally.flagged++;
                continue;
            }
            MeteringLine line = line(work.subscription.aws(), entry);
            groups.computeIfAbsent(new CallGroup(work.subscription.aws().productCode(), line.byLicense()),
                    k -> new ArrayList<>()).add(new Pending<>(work, entry, line));
        }
        groups.forEach((group, pending) -> {
            for (int from = 0; from < pending.size(); from += AwsMetering.MAX_RECORDS_PER_CALL) {
                calls.send(pending.subList(from, Math.min(pending.size(), from + AwsMetering.MAX_RECORDS_PER_CALL)),
                        (batch, own) -> call(group, batch, own), tally);
            }
        });
    }

    private List<Pending<MeteringLine>> call(CallGroup group, List<Pending<MeteringLine>> batch,
                                             MeteringTally tally) {
        Map<String, Pending<MeteringLine>> byKey = new HashMap<>();
        batch.forEach(p -> byKey.put(p.line().ledgerKey(), p));
        MeteringResult result = metering.batchMeterUsage(group.productCode(),
                batch.stream().map(Pending::line).toList());
        for (MeteringResult.LineResult lineResult : result.results()) {
            Pending<MeteringLine> pending = byKey.get(lineResult.line().ledgerKey());
            if (pending != null) {
                settle(pending, lineResult, tally);
            }
        }
        return result.unprocessed().stream().map(line -> byKey.get(line.ledgerKey())).toList();
    }

    private void settle(Pending<MeteringLine> pending, MeteringResult.LineResult result, MeteringTally tally) {
        LedgerEntry entry = pending.entry();
        switch (result.status()) {
            case SUCCESS -> {
                pending.work().settle(entry, LedgerEntry.State.SENT, "Success:" + result.meteringRecordId());
                tally.sent++;
            }
            case DUPLICATE -> {
                // the hour was billed before with another quantity: not ours to count as sent
                LOG.warn("DuplicateRecord flagged subscription={} hour={} dimension={} quantity={}",
                        entry.subscriptionId(), entry.hour(), entry.dimension(), entry.quantity());
                pending.work().settle(entry, LedgerEntry.State.FLAGGED, "DuplicateRecord: the marketplace"
                        + " billed this hour before with another quantity; ours " + entry.quantity() + ", "
                        + billedBefore(pending).map(q -> "billed " + q)
                        .orElse("billed unknown (the answer does not say; see the reconciliation)"));
                tally.duplicates++;
                tally.flagged++;
            }
            case CUSTOMER_NOT_SUBSCRIBED -> {
                pending.work().settle(entry, LedgerEntry.State.NOT_SUBSCRIBED, "CustomerNotSubscribed");
                tally.notSubscribed++;
            }
        }
    }

    /** What the marketplace billed for the entry's hour and dimension, where that can be read. */
    private Optional<Long> billedBefore(Pending<MeteringLine> pending) {
        if (billedRecords == null) {
            return Optional.empty();
        }
        LedgerEntry entry = pending.entry();
        try {
            return billedRecords.recorded(pending.work().subscription, entry.hour(),
                            entry.hour().plus(1, ChronoUnit.HOURS)).stream()
                    .filter(r -> r.dimension().equals(entry.dimension()) && r.hour().equals(entry.hour()))
                    .map(RecordedUsage::quantity).findFirst();
        } catch (RuntimeException unreadable) {
            LOG.warn("billed quantity of a DuplicateRecord not readable subscription={} error={}",
                    entry.subscriptionId(), unreadable.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static MeteringLine line(AwsCustomer customer, LedgerEntry entry) {
        int quantity = (int) Math.min(Integer.MAX_VALUE, entry.quantity());
        String key = MeteringLedger.keyText(entry);
        return customer.meteredByCustomerIdentifier()
                ? new MeteringLine(key, customer.customerIdentifier(), null, null, entry.dimension(), entry.hour(),
                quantity)
                : new MeteringLine(key, null, customer.customerAwsAccountId(), customer.licenseArn(),
                entry.dimension(), entry.hour(), quantity);
    }
}
