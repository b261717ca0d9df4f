package org.mpactivation.application;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringResult;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.repository.MeteringLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the pending entries of a page of subscriptions to BatchMeterUsage and settles each entry
 * with its answer (in memory; the settler writes them).
 *
 * <p>A call holds at most 25 records of one product that all name the buyer the same way (by
 * customer identifier with the product code, or by account and licence): AWS refuses a request that
 * mixes them. Throttling, unavailability and unprocessed records are retried with backoff under the
 * rate limiter, a bounded number of times. A refused call, or one that fails in a way nobody
 * expected, is split to find the record at fault, so that one record never holds back the others.
 * When the marketplace refuses our access (credentials, configuration), the run stops calling,
 * leaves everything pending and says so: that is an outage, never a verdict on the usage.
 */
final class MeteringSender {

    private static final Logger LOG = LoggerFactory.getLogger(MeteringSender.class);

    private final AwsMetering metering;
    private final RateLimiter limiter;
    private final Backoff backoff;
    private final Pause pause;
    private final Clock clock;
    private final MeteringPlanner planner;
    private final MarketplaceUsageRecords billedRecords;

    /**
     * @param billedRecords where the quantity the marketplace billed before can be read, to show an
     *                      operator both sides of a DuplicateRecord; null where nothing can tell
     *                      (BatchMeterUsage's answer does not say)
     */
    MeteringSender(AwsMetering metering, RateLimiter limiter, Backoff backoff, Pause pause, Clock clock,
                   MeteringPlanner planner, MarketplaceUsageRecords billedRecords) {
        this.billedRecords = billedRecords;
        this.metering = metering;
        this.limiter = limiter;
        this.backoff = backoff;
        this.pause = pause;
        this.clock = clock;
        this.planner = planner;
    }

    /** Which records may share a call: one product, one way of naming the buyer. */
    private record CallGroup(String productCode, boolean byLicense) {
    }

    private record Pending(MeteringWork work, LedgerEntry entry, MeteringLine line) {
    }

    void send(List<MeteringWork> works, MeteringTally tally) {
        Instant now = clock.instant();
        Map<CallGroup, List<Pending>> groups = new LinkedHashMap<>();
        for (MeteringWork work : works) {
            for (LedgerEntry entry : work.entries.values()) {
                if (entry.state() != LedgerEntry.State.PENDING) {
                    continue;
                }
                if (planner.tooOld(entry.hour(), now)) {
                    work.settle(entry, LedgerEntry.State.FLAGGED, "outside the metering window");
                    tally.flagged++;
                    continue;
                }
                if (entry.quantity() > Integer.MAX_VALUE) {
                    // BatchMeterUsage takes at most 2^31-1 per record: flag it rather than bill less
                    work.settle(entry, LedgerEntry.State.FLAGGED, "quantity above the marketplace's maximum");
                    tally.flagged++;
                    continue;
                }
                MeteringLine line = line(work.subscription.aws(), entry);
                groups.computeIfAbsent(new CallGroup(work.subscription.aws().productCode(), line.byLicense()),
                        k -> new ArrayList<>()).add(new Pending(work, entry, line));
            }
        }
        groups.forEach((group, pending) -> {
            for (int from = 0; from < pending.size(); from += AwsMetering.MAX_RECORDS_PER_CALL) {
                sendCall(group, pending.subList(from,
                        Math.min(pending.size(), from + AwsMetering.MAX_RECORDS_PER_CALL)), tally);
            }
        });
    }

    private void sendCall(CallGroup group, List<Pending> batch, MeteringTally tally) {
        if (tally.outage != null) {
            tally.pendingLeft += batch.size();
            return;
        }
        Map<String, Pending> byKey = new HashMap<>();
        batch.forEach(p -> byKey.put(p.line.ledgerKey(), p));
        List<MeteringLine> todo = batch.stream().map(Pending::line).toList();
        MarketplaceAccessException refusedAccess = null;
        for (int attempt = 0; !todo.isEmpty() && attempt < backoff.maxAttempts(); attempt++) {
            if (attempt > 0) {
                pause.sleep(backoff.delay(attempt));
            }
            limiter.acquire();
            tally.calls++;
            try {
                MeteringResult result = metering.batchMeterUsage(group.productCode(), todo);
                for (MeteringResult.LineResult lineResult : result.results()) {
                    Pending pending = byKey.get(lineResult.line().ledgerKey());
                    if (pending != null) {
                        settleSent(pending, lineResult, tally);
                    }
                }
                todo = result.unprocessed();
                refusedAccess = null;
            } catch (MeteringRejectedException rejected) {
                splitOrSettle(group, pendingOf(todo, byKey), tally, single -> {
                    single.work.settle(single.entry, LedgerEntry.State.FLAGGED, "refused: " + rejected.reason());
                    tally.flagged++;
                });
                return;
            } catch (MarketplaceAccessException denied) {
                refusedAccess = denied;
                LOG.warn("metering call refused our access attempt={} error={}", attempt + 1, denied.getMessage());
            } catch (MarketplaceUnavailableException throttledOrDown) {
                refusedAccess = null;
                LOG.warn("metering call failed attempt={} error={}", attempt + 1, throttledOrDown.getMessage());
            } catch (RuntimeException unexpected) {
                splitOrSettle(group, pendingOf(todo, byKey), tally, single -> {
                    LOG.error("metering record failed unexpectedly subscription={} hour={} dimension={}",
                            single.entry.subscriptionId(), single.entry.hour(), single.entry.dimension(), unexpected);
                    single.work.failed(single.entry, "error: " + unexpected.getClass().getSimpleName()
                            + " (retried next run)");
                });
                return;
            }
        }
        if (refusedAccess != null) {
            tally.outage = refusedAccess.getMessage();
            LOG.error("{}: the marketplace refuses our access ({}); the run stops calling, every record stays"
                    + " pending and is sent once access is back", HourlyMetering.OUTAGE_ALERT, refusedAccess.getMessage());
        }
        tally.pendingLeft += todo.size();
    }

    /** Sends each half of a batch that failed as a whole; a single record gets {@code onSingle}. */
    private void splitOrSettle(CallGroup group, List<Pending> batch, MeteringTally tally,
                               java.util.function.Consumer<Pending> onSingle) {
        if (batch.size() == 1) {
            onSingle.accept(batch.get(0));
            return;
        }
        int half = batch.size() / 2;
        sendCall(group, batch.subList(0, half), tally);
        sendCall(group, batch.subList(half, batch.size()), tally);
    }

    /** What the marketplace billed for the entry's hour and dimension, where that can be read. */
    private Optional<Long> billedBefore(Pending pending) {
        if (billedRecords == null) {
            return Optional.empty();
        }
        LedgerEntry entry = pending.entry;
        try {
            return billedRecords.recorded(pending.work.subscription, entry.hour(),
                            entry.hour().plus(1, ChronoUnit.HOURS)).stream()
                    .filter(r -> r.dimension().equals(entry.dimension()) && r.hour().equals(entry.hour()))
                    .map(RecordedUsage::quantity).findFirst();
        } catch (RuntimeException unreadable) {
            LOG.warn("billed quantity of a DuplicateRecord not readable subscription={} error={}",
                    entry.subscriptionId(), unreadable.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static List<Pending> pendingOf(List<MeteringLine> lines, Map<String, Pending> byKey) {
        return lines.stream().map(line -> byKey.get(line.ledgerKey())).toList();
    }

    private void settleSent(Pending pending, MeteringResult.LineResult result, MeteringTally tally) {
        switch (result.status()) {
            case SUCCESS -> {
                pending.work.settle(pending.entry, LedgerEntry.State.SENT, "Success:" + result.meteringRecordId());
                tally.sent++;
            }
            case DUPLICATE -> {
                // the hour was billed before with another quantity: not ours to count as sent
                LOG.warn("DuplicateRecord flagged subscription={} hour={} dimension={} quantity={}",
                        pending.entry.subscriptionId(), pending.entry.hour(), pending.entry.dimension(),
                        pending.entry.quantity());
                pending.work.settle(pending.entry, LedgerEntry.State.FLAGGED, "DuplicateRecord: the marketplace"
                        + " billed this hour before with another quantity; ours " + pending.entry.quantity() + ", "
                        + billedBefore(pending).map(q -> "billed " + q)
                        .orElse("billed unknown (the answer does not say; see the reconciliation)"));
                tally.duplicates++;
                tally.flagged++;
            }
            case CUSTOMER_NOT_SUBSCRIBED -> {
                pending.work.settle(pending.entry, LedgerEntry.State.NOT_SUBSCRIBED, "CustomerNotSubscribed");
                tally.notSubscribed++;
            }
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
