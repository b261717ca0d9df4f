package org.mpactivation.domain;

/**
 * What a marketplace notification says happened to a subscription, in our words. The AWS SNS
 * actions and the EventBridge agreement and licence events map onto these.
 */
public enum LifecycleAction {
    /** The marketplace confirmed the purchase (SNS subscribe-success, Purchase Agreement Created). */
    SUBSCRIBED(MarketplaceStage.LIVE),
    /** The purchase failed (SNS subscribe-fail). */
    FAILED(MarketplaceStage.FAILED),
    /** The buyer cancelled; a last metering report is due (SNS unsubscribe-pending). */
    ENDING(MarketplaceStage.ENDING),
    /** The subscription is over (SNS unsubscribe-success, Agreement Ended, License Deprovisioned). */
    ENDED(MarketplaceStage.ENDED),
    /** Entitlements changed (SNS entitlement-updated, Agreement Amended, License Updated): re-read them. */
    ENTITLEMENTS_CHANGED(MarketplaceStage.LIVE);

    private final MarketplaceStage stage;

    LifecycleAction(MarketplaceStage stage) {
        this.stage = stage;
    }

    /** The stage this action proves the subscription has reached at least. */
    public MarketplaceStage stage() {
        return stage;
    }
}
