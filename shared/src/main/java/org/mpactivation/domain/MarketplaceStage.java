package org.mpactivation.domain;

/**
 * How far the marketplace has taken a subscription. Stages only move forward: a later stage wins
 * whatever order the notifications arrive in, which makes applying them commutative (a shuffled
 * or repeated delivery ends in the same state) and keeps an ended subscription from ever turning
 * active again. FAILED ranks below ENDED so that a failure and an end, in either order, read ENDED.
 */
public enum MarketplaceStage {
    LIVE,
    ENDING,
    FAILED,
    ENDED;

    public MarketplaceStage max(MarketplaceStage other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public boolean isOver() {
        return this == FAILED || this == ENDED;
    }
}
