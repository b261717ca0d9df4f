package org.mpactivation.port.out.azure;

/** {@code saasSubscriptionStatus}; {@link #UNKNOWN} for a value this build does not know yet. */
public enum SaasSubscriptionStatus {
    NOT_STARTED("NotStarted"),
    PENDING_FULFILLMENT_START("PendingFulfillmentStart"),
    SUBSCRIBED("Subscribed"),
    SUSPENDED("Suspended"),
    UNSUBSCRIBED("Unsubscribed"),
    UNKNOWN("");

    private final String wireName;

    SaasSubscriptionStatus(String wireName) {
        this.wireName = wireName;
    }

    public static SaasSubscriptionStatus fromWire(String value) {
        for (SaasSubscriptionStatus status : values()) {
            if (status != UNKNOWN && status.wireName.equalsIgnoreCase(value)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
