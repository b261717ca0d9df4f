package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What the marketplace has told us about a subscription, apart from who it bills: how far it has
 * gone, whether the purchase was confirmed, when it is next compared with the marketplace and
 * whether it ends soon.
 */
public record MarketplaceState(MarketplaceStage stage, boolean confirmed, Instant nextCheckAt, boolean endingSoon) {

    public MarketplaceState {
        Objects.requireNonNull(stage, "stage");
    }

    public static MarketplaceState initial() {
        return new MarketplaceState(MarketplaceStage.LIVE, false, null, false);
    }

    /** This state after an action: the stage only moves forward, a confirmation is never lost. */
    public MarketplaceState after(LifecycleAction action) {
        return new MarketplaceState(stage.max(action.stage()), confirmed || action == LifecycleAction.SUBSCRIBED,
                nextCheckAt, endingSoon);
    }

    public MarketplaceState merge(MarketplaceState other) {
        return new MarketplaceState(stage.max(other.stage), confirmed || other.confirmed, nextCheckAt, endingSoon);
    }

    public MarketplaceState withNextCheck(Instant at) {
        return new MarketplaceState(stage, confirmed, at, endingSoon);
    }

    public MarketplaceState withEndingSoon(boolean value) {
        return new MarketplaceState(stage, confirmed, nextCheckAt, value);
    }
}
