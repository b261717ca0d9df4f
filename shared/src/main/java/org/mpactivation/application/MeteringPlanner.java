package org.mpactivation.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.UsageHours;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of a metering run for one subscription: which hours are its share, and their sums
 * fixed in the ledger (PENDING) before anything is sent, so that a resend after a crash is identical.
 */
final class MeteringPlanner {

    /** At most this many hours of one subscription per run (a long outage catches up over runs). */
    static final int MAX_HOURS_PER_RUN = 48;
    private static final Logger LOG = LoggerFactory.getLogger(MeteringPlanner.class);

    private final MeteringStates states;
    private final MeteringLedger ledger;
    private final UsageRepository usage;
    private final SubscriptionRepository subscriptions;
    private final WorkspaceRepository workspaces;
    private final DimensionMap dimensions;
    private final MeteringChannel channel;

    MeteringPlanner(MeteringStates states, MeteringLedger ledger, UsageRepository usage,
                    SubscriptionRepository subscriptions, WorkspaceRepository workspaces, DimensionMap dimensions,
                    MeteringChannel channel) {
        this.states = states;
        this.ledger = ledger;
        this.usage = usage;
        this.subscriptions = subscriptions;
        this.workspaces = workspaces;
        this.dimensions = dimensions;
        this.channel = channel;
    }

    Optional<MeteringWork> prepare(MeteringState state, Instant now, MeteringTally tally) {
        if (state.subscriptionId().cloud() != channel.cloud()) {
            // stored in this cloud's due index before each cloud had its own: moved, untouched, to its own
            LOG.info("metering state moved to its cloud's due index subscription={}", state.subscriptionId());
            try {
                states.save(state);
            } catch (ConditionFailedException concurrent) {
                // changed meanwhile, and so written to its own index
            }
            return Optional.empty();
        }
        Optional<MarketplaceSubscription> found = subscriptions.find(state.subscriptionId());
        if (found.isEmpty() || !channel.canMeter(found.get())) {
            // nothing this run can report for it: stop, so that it is not due forever
            LOG.warn("metering stopped for a subscription that cannot be metered here subscription={}",
                    state.subscriptionId());
            try {
                states.stop(state.stoppedAt(state.meteredThrough()), Reconciliation.enrolFrom(state.subscriptionId(),
                        found, state.meteredThrough()), now);
            } catch (ConditionFailedException concurrent) {
                // changed meanwhile: the next run decides again
            }
            return Optional.empty();
        }
        MarketplaceSubscription subscription = found.get();
        Instant wanted = state.finalReport() ? now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS)
                : UsageHours.meteringClosedBefore(now);
        Instant cap = state.meteredThrough().plus(MAX_HOURS_PER_RUN, ChronoUnit.HOURS);
        boolean capped = wanted.isAfter(cap);
        MeteringWork work = new MeteringWork(state, subscription, capped ? cap : wanted, capped);
        List<Workspace> bound = boundWorkspaces(subscription);
        for (Instant hour = state.meteredThrough(); hour.isBefore(work.limit); hour = hour.plus(1, ChronoUnit.HOURS)) {
            for (Map.Entry<String, Long> total : totals(bound, hour).entrySet()) {
                boolean tooOld = channel.tooOld(hour, now);
                LedgerEntry entry = ledger.createOrGet(new LedgerEntry(subscription.id(), hour, total.getKey(),
                        total.getValue(), tooOld ? LedgerEntry.State.FLAGGED : LedgerEntry.State.PENDING,
                        tooOld ? "outside the metering window" : null, 0));
                if (entry.state() == LedgerEntry.State.FLAGGED && entry.version() == 1) {
                    tally.flagged++;
                    LOG.warn("usage outside the metering window flagged subscription={} hour={} dimension={}",
                            subscription.id(), hour, total.getKey());
                }
                work.add(entry);
            }
        }
        return Optional.of(work);
    }

    private List<Workspace> boundWorkspaces(MarketplaceSubscription subscription) {
        List<Workspace> bound = new ArrayList<>();
        for (String id : subscriptions.workspaceIds(subscription.id())) {
            workspaces.find(id).filter(w -> w.isBilledThrough(subscription.id())).ifPresent(bound::add);
        }
        return bound;
    }

    /** Usage of the hour per marketplace dimension, from the workspaces bound before the hour ended. */
    private Map<String, Long> totals(List<Workspace> bound, Instant hour) {
        Map<String, Long> totals = new LinkedHashMap<>();
        Instant hourEnd = hour.plus(1, ChronoUnit.HOURS);
        for (Workspace workspace : bound) {
            if (workspace.boundAt() != null && !workspace.boundAt().isBefore(hourEnd)) {
                continue;
            }
            usage.sumByDimension(workspace.id(), hour).forEach((usageDimension, quantity) ->
                    dimensions.marketplaceDimension(usageDimension)
                            .ifPresent(dimension -> totals.merge(dimension, quantity, Long::sum)));
        }
        totals.values().removeIf(quantity -> quantity == 0);
        return totals;
    }
}
