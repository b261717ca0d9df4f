package org.mpactivation.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.Pause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every channel calls its marketplace with one batch, so that both clouds behave the same where
 * their APIs do: calls under the rate limiter; throttling, unavailability and unprocessed entries
 * retried with backoff a bounded number of times, then left pending for the next run; a batch refused
 * as a whole, or failing in a way nobody expected, split in halves to find the entry at fault, so that
 * one entry never holds back the others; and when the marketplace refuses our access (credentials,
 * registration) the run stops calling, leaves everything pending and raises the outage alert: that is
 * an outage, never a verdict on the usage.
 */
final class MeteringCalls {

    private static final Logger LOG = LoggerFactory.getLogger(MeteringCalls.class);

    /** A pending ledger entry of a subscription's work, and what the marketplace is sent for it. */
    record Pending<L>(MeteringWork work, LedgerEntry entry, L line) {
    }

    /** One call of a channel's marketplace. */
    @FunctionalInterface
    interface Call<L> {
        /**
         * Sends the batch and settles the entries its answer names.
         *
         * @return the entries the marketplace did not process this time (to be sent again)
         */
        List<Pending<L>> send(List<Pending<L>> batch, MeteringTally tally);
    }

    /** A pending entry the marketplace may still take. */
    record Sendable(MeteringWork work, LedgerEntry entry) {
    }

    private final RateLimiter limiter;
    private final Backoff backoff;
    private final Pause pause;

    MeteringCalls(RateLimiter limiter, Backoff backoff, Pause pause) {
        this.limiter = limiter;
        this.backoff = backoff;
        this.pause = pause;
    }

    /**
     * The works' pending entries the channel's marketplace still takes at {@code now}; an entry that
     * grew too old while it waited (an outage) is flagged for an operator, never dropped silently.
     */
    static List<Sendable> sendable(List<MeteringWork> works, MeteringChannel channel, Instant now,
                                   MeteringTally tally) {
        List<Sendable> sendable = new ArrayList<>();
        for (MeteringWork work : works) {
            for (LedgerEntry entry : work.entries.values()) {
                if (entry.state() != LedgerEntry.State.PENDING) {
                    continue;
                }
                if (channel.tooOld(entry.hour(), now)) {
                    work.settle(entry, LedgerEntry.State.FLAGGED, "outside the metering window");
                    tally.flagged++;
                    continue;
                }
                sendable.add(new Sendable(work, entry));
            }
        }
        return sendable;
    }

    <L> void send(List<Pending<L>> batch, Call<L> call, MeteringTally tally) {
        if (tally.outage != null) {
            tally.pendingLeft += batch.size();
            return;
        }
        List<Pending<L>> todo = batch;
        MarketplaceAccessException refusedAccess = null;
        for (int attempt = 0; !todo.isEmpty() && attempt < backoff.maxAttempts(); attempt++) {
            if (attempt > 0) {
                pause.sleep(backoff.delay(attempt));
            }
            limiter.acquire();
            tally.calls++;
            try {
                todo = call.send(todo, tally);
                refusedAccess = null;
            } catch (MeteringRejectedException rejected) {
                splitOrSettle(todo, call, tally, single -> {
                    single.work().settle(single.entry(), LedgerEntry.State.FLAGGED, "refused: " + rejected.reason());
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
                splitOrSettle(todo, call, tally, single -> {
                    LOG.error("metering record failed unexpectedly subscription={} hour={} dimension={}",
                            single.entry().subscriptionId(), single.entry().hour(), single.entry().dimension(),
                            unexpected);
                    single.work().failed(single.entry(), "error: " + unexpected.getClass().getSimpleName()
                            + " (retried next run)");
                });
                return;
            }
        }
        if (refusedAccess != null) {
            tally.outage = refusedAccess.getMessage();
            LOG.error("{}: the marketplace refuses our access ({}); the run stops calling, every record stays"
                            + " pending and is sent once access is back", HourlyMetering.OUTAGE_ALERT,
                    refusedAccess.getMessage());
        }
        tally.pendingLeft += todo.size();
    }

    /** Sends each half of a batch that failed as a whole; a single entry gets {@code onSingle}. */
    private <L> void splitOrSettle(List<Pending<L>> batch, Call<L> call, MeteringTally tally,
                                   Consumer<Pending<L>> onSingle) {
        if (batch.size() == 1) {
            onSingle.accept(batch.get(0));
            return;
        }
        int half = batch.size() / 2;
        send(batch.subList(0, half), call, tally);
        send(batch.subList(half, batch.size()), call, tally);
    }
}
