package org.mpactivation.simulator.azure;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A plan of a SaaS offer: flat rate or per seat, its billing term ({@code P1M}, {@code P1Y}, ...), the custom
 * metering dimensions usage events may name while a subscription is on it and, for a per-seat plan, the seat counts
 * Partner Center lets a buyer hold ({@code minSeats} to {@code maxSeats}; 0 and 0 on a flat-rate plan).
 */
public record AzurePlan(String planId, String displayName, boolean pricePerSeat, String termUnit,
        List<String> dimensions, int minSeats, int maxSeats) {

    private static final Set<String> TERM_UNITS = Set.of("P1M", "P1Y", "P2Y", "P3Y");

    public AzurePlan {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(displayName, "displayName");
        if (!TERM_UNITS.contains(termUnit)) {
            throw new IllegalArgumentException("term unit " + termUnit + " is not one of " + TERM_UNITS);
        }
        dimensions = List.copyOf(dimensions);
        if (pricePerSeat ? minSeats < 1 || maxSeats < minSeats : minSeats != 0 || maxSeats != 0) {
            throw new IllegalArgumentException("a per-seat plan needs 1 <= minSeats <= maxSeats, a flat-rate plan"
                    + " no seats");
        }
    }

    /** A flat-rate monthly plan with these metering dimensions. */
    public static AzurePlan flatRate(String planId, String... dimensions) {
        return new AzurePlan(planId, planId, false, "P1M", List.of(dimensions), 0, 0);
    }

    /** A per-seat monthly plan with these metering dimensions, allowing any positive number of seats. */
    public static AzurePlan perSeat(String planId, String... dimensions) {
        return new AzurePlan(planId, planId, true, "P1M", List.of(dimensions), 1, Integer.MAX_VALUE);
    }

    public AzurePlan withTermUnit(String unit) {
        return new AzurePlan(planId, displayName, pricePerSeat, unit, dimensions, minSeats, maxSeats);
    }

    /** The same per-seat plan allowing {@code min} to {@code max} seats. */
    public AzurePlan withSeats(int min, int max) {
        if (!pricePerSeat) {
            throw new IllegalArgumentException("a flat-rate plan has no seats");
        }
        return new AzurePlan(planId, displayName, true, termUnit, dimensions, min, max);
    }

    boolean hasDimension(String dimension) {
        return dimensions.contains(dimension);
    }

    /** Whether a subscription on this plan may hold that quantity: none on a flat-rate plan, a seat count in range on a per-seat one. */
    boolean allowsQuantity(Integer quantity) {
        return pricePerSeat ? quantity != null && quantity >= minSeats && quantity <= maxSeats : quantity == null;
    }
}
