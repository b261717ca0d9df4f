package org.mpactivation.application;

import java.time.Instant;
import java.util.Optional;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.UsageHours;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;

/**
 * The last step of a metering run for one subscription: writes the settled entries, then moves its
 * progress past fully settled hours only, so that no hour is ever skipped.
 */
final class MeteringSettler {

    /** Conditional writes of one state tried at most this often against concurrent writers. */
    static final int MAX_ATTEMPTS = 5;

    private final MeteringStates states;
    private final MeteringLedger ledger;
    private final MeteringEnded ended;
    private final MeteringChannel channel;

    MeteringSettler(MeteringStates states, MeteringLedger ledger, MeteringEnded ended, MeteringChannel channel) {
        this.states = states;
        this.ledger = ledger;
        this.ended = ended;
        this.channel = channel;
    }

    void settle(MeteringWork work, Instant now, MeteringTally tally) {
        tally.subscriptions++;
        work.writeSettledEntries(ledger);
        if (work.error() != null) {
            tally.failed++;
        }
        // the state as this run read it; read again only if a concurrent write makes the save fail
        MeteringState fresh = work.state;
        ConflictRetries retries = ConflictRetries.of("metering progress of " + work.state.subscriptionId(),
                MAX_ATTEMPTS);
        while (retries.next()) {
            if (fresh == null || !fresh.meteredThrough().equals(work.state.meteredThrough())) {
                return; // another run moved it on
            }
            MeteringState saved;
            try {
                MeteringState next = next(work, fresh, now, channel.buyerGone(work));
                saved = next.stopped() ? states.stop(next, Reconciliation.enrolFrom(next.subscriptionId(),
                        Optional.of(work.subscription), next.meteredThrough()), now)
                        : states.save(next);
            } catch (ConditionFailedException concurrent) {
                // a notice asked for the final report meanwhile: keep its flag, read again
                fresh = states.find(work.state.subscriptionId()).orElse(null);
                continue;
            }
            if (saved.stopped()) {
                ended.meteringEnded(saved.subscriptionId());
            }
            return;
        }
        // it stays due: the next run settles it again from the ledger
        retries.exhausted();
        tally.failed++;
    }

    private static MeteringState next(MeteringWork work, MeteringState fresh, Instant now, boolean buyerGone) {
        MeteringState next;
        boolean over = work.subscription.marketplace().stage().isOver();
        if (!work.allSettled()) {
            next = fresh.settledThrough(fresh.meteredThrough(), now.plus(HourlyMetering.RETRY_DELAY));
        } else if (work.capped) {
            // a backlog longer than one run: the rest is due at once, final report or not
            next = fresh.settledThrough(work.limit, now);
        } else if (buyerGone || work.state.finalReport()
                || (over && !work.limit.isBefore(UsageHours.meteringClosedBefore(now)))) {
            // the buyer is gone, or the final report (through the current hour) went out
            next = fresh.stoppedAt(work.limit);
        } else {
            next = fresh.settledThrough(work.limit, HourlyMetering.firstDue(work.limit));
        }
        if (!next.stopped() && fresh.finalReport() && !work.state.finalReport()
                && fresh.dueAt().isBefore(next.dueAt())) {
            // a notice asked for the final report while this run was under way: it stays due now
            next = next.settledThrough(next.meteredThrough(), fresh.dueAt());
        }
        return next;
    }
}
