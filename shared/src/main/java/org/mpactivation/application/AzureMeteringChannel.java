package org.mpactivation.application;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpactivation.application.MeteringCalls.Pending;
import org.mpactivation.application.MeteringCalls.Sendable;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.azure.UsageEvent;
import org.mpactivation.port.out.azure.UsageEventResult;
import org.mpactivation.port.out.azure.UsageEventStatus;
import org.mpactivation.repository.MeteringLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bills Azure subscriptions with the Marketplace Metering API's batchUsageEvent: one event per SaaS
 * subscription (its id is the resource id), dimension and hour, the hour as effective start time, on
 * the subscription's current plan; events of many subscriptions share a call of at most 25.
 *
 * <p>Azure tells us more than AWS does: a Duplicate carries the quantity accepted before, so our own
 * resend after a crash (same quantity) counts as sent, and an hour billed with another quantity is
 * flagged with both quantities for an operator. ResourceNotActive settles the hour without billing it
 * but does not stop the subscription's metering: a suspended subscription may be reinstated, and an
 * unsubscribed one stops through its final report once the marketplace's notice reached us.
 */
final class AzureMeteringChannel implements MeteringChannel {

    private static final Logger LOG = LoggerFactory.getLogger(AzureMeteringChannel.class);

    private final AzureMetering metering;
    private final MeteringCalls calls;
    private final Duration window;

    AzureMeteringChannel(AzureMetering metering, MeteringCalls calls, Duration window) {
        this.metering = metering;
        this.calls = calls;
        this.window = window;
    }

    @Override
    public Cloud cloud() {
        return Cloud.AZURE;
    }

    @Override
    public Duration window() {
        return window;
    }

    @Override
    public boolean canMeter(MarketplaceSubscription subscription) {
        return subscription.id().cloud() == Cloud.AZURE && subscription.azure() != null;
    }

    /** Never from an answer alone: ResourceNotActive also means suspended, which may end (see above). */
    @Override
    public boolean buyerGone(MeteringWork work) {
        return false;
    }

    @Override
    public void send(List<MeteringWork> works, Instant now, MeteringTally tally) {
        List<Pending<UsageEvent>> pending = new ArrayList<>();
        for (Sendable sendable : MeteringCalls.sendable(works, this, now, tally)) {
            LedgerEntry entry = sendable.entry();
            if (entry.quantity() <= 0) {
                // the API takes quantities above zero only: an operator looks at where this one came from
                sendable.work().settle(entry, LedgerEntry.State.FLAGGED, "quantity not above zero");
                tally.flagged++;
                continue;
            }
            pending.add(new Pending<>(sendable.work(), entry, event(sendable.work().subscription, entry)));
        }
        for (int from = 0; from < pending.size(); from += AzureMetering.MAX_EVENTS_PER_CALL) {
            calls.send(pending.subList(from, Math.min(pending.size(), from + AzureMetering.MAX_EVENTS_PER_CALL)),
                    this::call, tally);
        }
    }

    /** One call; events the answer does not name are returned, to be sent again. */
    private List<Pending<UsageEvent>> call(List<Pending<UsageEvent>> batch, MeteringTally tally) {
        Map<String, Pending<UsageEvent>> unanswered = new LinkedHashMap<>();
        batch.forEach(p -> unanswered.put(p.line().ledgerKey(), p));
        for (UsageEventResult result : metering.batchUsageEvent(batch.stream().map(Pending::line).toList())) {
            Pending<UsageEvent> pending = unanswered.remove(result.event().ledgerKey());
            if (pending != null) {
                settle(pending, result, tally);
            }
        }
        return List.copyOf(unanswered.values());
    }

    private void settle(Pending<UsageEvent> pending, UsageEventResult result, MeteringTally tally) {
        MeteringWork work = pending.work();
        LedgerEntry entry = pending.entry();
        switch (result.status()) {
            case Accepted -> {
                work.settle(entry, LedgerEntry.State.SENT, "Accepted:" + result.usageEventId());
                tally.sent++;
            }
            case Duplicate -> settleDuplicate(pending, result, tally);
            case ResourceNotActive -> {
                work.settle(entry, LedgerEntry.State.NOT_SUBSCRIBED, "ResourceNotActive: the subscription was not"
                        + " active (suspended, unsubscribed or not started); the hour is not billed");
                tally.notSubscribed++;
            }
            default -> {
                LOG.warn("usage event refused subscription={} hour={} dimension={} status={}",
                        entry.subscriptionId(), entry.hour(), entry.dimension(), result.status());
                work.settle(entry, LedgerEntry.State.FLAGGED, result.status() + ": " + meaning(result.status()));
                tally.flagged++;
            }
        }
    }

    /** Our own resend (same quantity) is billed as we meant it; another quantity needs the operator. */
    private static void settleDuplicate(Pending<UsageEvent> pending, UsageEventResult result, MeteringTally tally) {
        LedgerEntry entry = pending.entry();
        tally.duplicates++;
        if (result.duplicateOfSameQuantity()) {
            pending.work().settle(entry, LedgerEntry.State.SENT, "Duplicate: accepted before as "
                    + result.usageEventId());
            tally.sent++;
            return;
        }
        LOG.warn("Duplicate with another quantity flagged subscription={} hour={} dimension={} quantity={}",
                entry.subscriptionId(), entry.hour(), entry.dimension(), entry.quantity());
        pending.work().settle(entry, LedgerEntry.State.FLAGGED, "Duplicate: the marketplace accepted this hour"
                + " before with another quantity; ours " + entry.quantity() + ", "
                + (result.acceptedQuantity() == null ? "billed unknown (the answer does not say)"
                : "billed " + result.acceptedQuantity().stripTrailingZeros().toPlainString()));
        tally.flagged++;
    }

    private static String meaning(UsageEventStatus status) {
        return switch (status) {
            case Expired -> "the hour is older than the marketplace's metering window";
            case InvalidDimension -> "the subscription's plan has no such dimension";
            case InvalidQuantity -> "the marketplace refused the quantity";
            case BadArgument -> "the marketplace refused the event (another plan, or an hour in the future)";
            case ResourceNotFound -> "the marketplace knows no such subscription";
            case ResourceNotAuthorized -> "the subscription is not ours to meter";
            default -> "the marketplace failed to process the event";
        };
    }

    private static UsageEvent event(MarketplaceSubscription subscription, LedgerEntry entry) {
        return new UsageEvent(MeteringLedger.keyText(entry), subscription.id().value(), subscription.azure().planId(),
                entry.dimension(), entry.hour(), BigDecimal.valueOf(entry.quantity()));
    }
}
