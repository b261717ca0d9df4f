package org.mpactivation.simulator.azure;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A plan of a SaaS offer: flat rate or per seat, its billing term ({@code P1M}, {@code P1Y}, ...), and the custom
 * metering dimensions usage events may name while a subscription is on it.
 */
public record AzurePlan(String planId, String displayName, boolean pricePerSeat, String termUnit,
        List<String> dimensions) {

    private static final Set<String> TERM_UNITS = Set.of("P1M", "P1Y", "P2Y", "P3Y");

    public AzurePlan {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(displayName, "displayName");
        if (!TERM_UNITS.contains(termUnit)) {
            throw new IllegalArgumentException("term unit " + termUnit + " is not one of " + TERM_UNITS);
        }
        dimensions = List.copyOf(dimensions);
    }

    /** A flat-rate monthly plan with these metering dimensions. */
    public static AzurePlan flatRate(String planId, String... dimensions) {
        return new AzurePlan(planId, planId, false, "P1M", List.of(dimensions));
    }

    /** A per-seat monthly plan with these metering dimensions. */
    public static AzurePlan perSeat(String planId, String... dimensions) {
        return new AzurePlan(planId, planId, true, "P1M", List.of(dimensions));
    }

    public AzurePlan withTermUnit(String unit) {
        return new AzurePlan(planId, displayName, pricePerSeat, unit, dimensions);
    }

    boolean hasDimension(String dimension) {
        return dimensions.contains(dimension);
    }
}
