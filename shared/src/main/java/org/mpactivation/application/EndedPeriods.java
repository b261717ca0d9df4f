package org.mpactivation.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionStatus;

/**
 * When a subscription must not be billed: from each change to UNSUBSCRIBED or FAILED (as we learned
 * it) until a later change back to a live status, if any; and from the lapse of entitlements that
 * all carry an expiry. An hour that begins inside such a period and was billed is billed after the
 * end.
 */
final class EndedPeriods {

    private record Period(Instant from, Instant until) {
        boolean covers(Instant at) {
            return !at.isBefore(from) && (until == null || at.isBefore(until));
        }
    }

    private final List<Period> periods;

    private EndedPeriods(List<Period> periods) {
        this.periods = List.copyOf(periods);
    }

    static EndedPeriods of(MarketplaceSubscription subscription, List<StatusChange> history) {
        List<Period> periods = new ArrayList<>();
        Instant endedSince = null;
        List<StatusChange> changes = history.stream().sorted(Comparator.comparing(StatusChange::at)).toList();
        for (StatusChange change : changes) {
            boolean ends = change.to() == SubscriptionStatus.UNSUBSCRIBED || change.to() == SubscriptionStatus.FAILED;
            if (ends && endedSince == null) {
                endedSince = change.at();
            } else if (!ends && endedSince != null && change.to().isLive()) {
                periods.add(new Period(endedSince, change.at()));
                endedSince = null;
            }
        }
        if (endedSince == null && periods.isEmpty() && subscription.marketplace().stage().isOver()) {
            // over without an audit entry to date it: its last change, else its creation
            endedSince = subscription.lastChange() != null ? subscription.lastChange().at() : subscription.createdAt();
        }
        if (endedSince != null) {
            periods.add(new Period(endedSince, null));
        }
        List<Entitlement> entitlements = subscription.entitlements();
        if (!entitlements.isEmpty() && entitlements.stream().allMatch(e -> e.expiresAt() != null)) {
            periods.add(new Period(entitlements.stream().map(Entitlement::expiresAt).max(Instant::compareTo)
                    .orElseThrow(), null));
        }
        return new EndedPeriods(periods);
    }

    /** Whether the hour beginning at {@code hour} lies in a period without a subscription. */
    boolean covers(Instant hour) {
        return periods.stream().anyMatch(period -> period.covers(hour));
    }
}
