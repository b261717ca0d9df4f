package org.mpactivation.simulator.azure;

/** The documented values of {@code saasSubscriptionStatus}. */
public enum SubscriptionStatus {
    NotStarted,
    PendingFulfillmentStart,
    Subscribed,
    Suspended,
    Unsubscribed
}
