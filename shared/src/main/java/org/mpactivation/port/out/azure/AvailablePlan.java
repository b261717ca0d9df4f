package org.mpactivation.port.out.azure;

/** A plan the subscription may use. */
public record AvailablePlan(String planId, String displayName, boolean pricePerSeat) {

    public AvailablePlan {
        SaasSubscription.requireText(planId, "planId");
        displayName = displayName == null ? planId : displayName;
    }
}
