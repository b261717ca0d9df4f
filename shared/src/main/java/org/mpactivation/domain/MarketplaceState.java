package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What the marketplace has told us about a subscription, apart from who it bills: how far it has
 * gone, whether the purchase was confirmed, whether it is suspended (Azure suspends a subscription
 * whose payment failed and may reinstate it), when it is next compared with the marketplace and
 * whether it ends soon; {@code missedChecks} counts renewal checks in a row that found none of the
 * entitlements it had (one empty answer may be transient; two end the subscription).
 */
public record MarketplaceState(MarketplaceStage stage, boolean confirmed, Instant nextCheckAt, boolean endingSoon,
                               int missedChecks, boolean suspended) {

    public MarketplaceState {
        Objects.requireNonNull(stage, "stage");
        if (missedChecks < 0) {
            throw new IllegalArgumentException("negative missed checks");
        }
    }

    public MarketplaceState(MarketplaceStage stage, boolean confirmed, Instant nextCheckAt, boolean endingSoon,
                            int missedChecks) {
        this(stage, confirmed, nextCheckAt, endingSoon, missedChecks, false);
    }

    public MarketplaceState(MarketplaceStage stage, boolean confirmed, Instant nextCheckAt, boolean endingSoon) {
        this(stage, confirmed, nextCheckAt, endingSoon, 0, false);
    }

    public static MarketplaceState initial() {
        return new MarketplaceState(MarketplaceStage.LIVE, false, null, false);
    }

    /** This state after an action: the stage only moves forward, a confirmation is never lost. */
    public MarketplaceState after(LifecycleAction action) {
        return new MarketplaceState(stage.max(action.stage()), confirmed || action == LifecycleAction.SUBSCRIBED,
                nextCheckAt, endingSoon, missedChecks, suspended);
    }

    public MarketplaceState merge(MarketplaceState other) {
        return new MarketplaceState(stage.max(other.stage), confirmed || other.confirmed, nextCheckAt, endingSoon,
                missedChecks, suspended);
    }

    public MarketplaceState withNextCheck(Instant at) {
        return new MarketplaceState(stage, confirmed, at, endingSoon, missedChecks, suspended);
    }

    public MarketplaceState withEndingSoon(boolean value) {
        return new MarketplaceState(stage, confirmed, nextCheckAt, value, missedChecks, suspended);
    }

    /** Suspended or reinstated, as the marketplace says now (an ended subscription stays ended). */
    public MarketplaceState withSuspended(boolean value) {
        return new MarketplaceState(stage, confirmed, nextCheckAt, endingSoon, missedChecks, value);
    }

    // written out rather than generated: see ItemKey
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof MarketplaceState that && stage == that.stage
                && confirmed == that.confirmed && endingSoon == that.endingSoon && missedChecks == that.missedChecks
                && suspended == that.suspended && Objects.equals(nextCheckAt, that.nextCheckAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stage, confirmed, nextCheckAt, endingSoon, missedChecks, suspended);
    }
}
