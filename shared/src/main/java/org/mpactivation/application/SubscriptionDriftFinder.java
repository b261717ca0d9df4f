package org.mpactivation.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.azure.SaasSubscription;

/**
 * Compares a stored Azure subscription with what the Fulfillment API says about it now, before and
 * after {@link AzurePurchases#follow}: each way they disagree is one finding, so that a repair done by
 * the daily comparison still tells the operator a notification was missed. A subscription's findings
 * are filed under the hour of the run and the dimension {@value #DIMENSION}.
 */
final class SubscriptionDriftFinder {

    /** The {@link Drift#dimension()} of every subscription finding. */
    static final String DIMENSION = "subscription";

    private SubscriptionDriftFinder() {
    }

    /**
     * @param stored   as read from the store
     * @param followed {@code stored} brought in line with {@code current}
     */
    static List<Drift> compare(MarketplaceSubscription stored, MarketplaceSubscription followed,
                               SaasSubscription current, String runId, Instant now) {
        List<Drift> found = new ArrayList<>();
        AzurePurchase ours = stored.azure();
        AzurePurchase theirs = AzurePurchases.of(current);
        String ourSaasStatus = ours == null ? null : ours.saasStatus();
        // the stage and the suspension only: the marketplace's confirmation is not a disagreement
        if (!Objects.equals(ourSaasStatus, theirs.saasStatus()) || followed.status() != stored.status()
                || followed.marketplace().stage() != stored.marketplace().stage()
                || followed.marketplace().suspended() != stored.marketplace().suspended()) {
            found.add(drift(stored.id(), DriftKind.SUBSCRIPTION_STATUS, null, null,
                    "ours " + stored.status() + " (marketplace status " + text(ourSaasStatus) + "), marketplace "
                            + theirs.saasStatus() + "; now " + followed.status(), runId, now));
        }
        if (ours == null || !ours.offerId().equals(theirs.offerId()) || !ours.planId().equals(theirs.planId())) {
            found.add(drift(stored.id(), DriftKind.SUBSCRIPTION_PLAN, null, null,
                    "ours " + (ours == null ? "none" : ours.offerId() + "/" + ours.planId()) + ", marketplace "
                            + theirs.offerId() + "/" + theirs.planId(), runId, now));
        }
        Integer ourSeats = ours == null ? null : ours.quantity();
        if (!Objects.equals(ourSeats, theirs.quantity())) {
            found.add(drift(stored.id(), DriftKind.SUBSCRIPTION_QUANTITY, seats(ourSeats), seats(theirs.quantity()),
                    "ours " + text(ourSeats) + " seat(s), marketplace " + text(theirs.quantity()), runId, now));
        }
        if (ours == null || !term(ours).equals(term(theirs))) {
            found.add(drift(stored.id(), DriftKind.SUBSCRIPTION_TERM, null, null,
                    "ours " + (ours == null ? "none" : term(ours)) + ", marketplace " + term(theirs), runId, now));
        }
        return found;
    }

    /** A subscription the marketplace lists that we never stored. */
    static Drift notStored(SaasSubscription current, String runId, Instant now) {
        return drift(SubscriptionId.azure(current.id()), DriftKind.SUBSCRIPTION_NOT_STORED, null, null,
                "marketplace " + AzurePurchases.of(current).saasStatus() + ", " + current.offerId() + "/"
                        + current.planId(), runId, now);
    }

    /** A live subscription of ours that the marketplace does not know (any more). */
    static Drift notListed(MarketplaceSubscription stored, String runId, Instant now) {
        return drift(stored.id(), DriftKind.SUBSCRIPTION_NOT_LISTED, null, null,
                "ours " + stored.status() + "; the marketplace answers that it has no such subscription", runId, now);
    }

    private static Drift drift(SubscriptionId id, DriftKind kind, Long ours, Long theirs, String detail, String runId,
                               Instant now) {
        return new Drift(id, now.truncatedTo(ChronoUnit.HOURS), DIMENSION, kind, ours, theirs, detail, runId, now);
    }

    private static String term(AzurePurchase p) {
        return (p.termStart() == null ? "-" : p.termStart().toString()) + "/"
                + (p.termEnd() == null ? "-" : p.termEnd().toString()) + " " + text(p.termUnit())
                + (p.autoRenew() ? " renews" : " does not renew");
    }

    private static Long seats(Integer quantity) {
        return quantity == null ? null : quantity.longValue();
    }

    private static String text(Object value) {
        return value == null ? "none" : value.toString();
    }
}
