package org.mpactivation.local.simulator;

import java.util.List;
import java.util.Objects;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;

/**
 * The SaaS offer the local Azure Marketplace sells: one flat-rate plan billed monthly and one per-seat plan
 * billed yearly, both metering the product's own dimensions, so that a plan change, a seat change and the usage
 * of either can be tried against the same functions the AWS listing feeds.
 */
public final class AzureOfferPlans {

    public static final String PUBLISHER_ID = AzureMarketplaceSimulator.DEFAULT_PUBLISHER;
    public static final String OFFER_ID = "marketplace-activation-saas";
    public static final String FLAT_RATE_PLAN = "flat-rate";
    public static final String PER_SEAT_PLAN = "per-seat";

    private AzureOfferPlans() {
    }

    /** The offer whose plans meter these dimensions (the marketplace names of the product's dimensions). */
    public static AzureOffer offer(List<String> dimensions) {
        Objects.requireNonNull(dimensions, "dimensions");
        List<String> distinct = dimensions.stream().distinct().toList();
        return new AzureOffer(PUBLISHER_ID, OFFER_ID, List.of(
                new AzurePlan(FLAT_RATE_PLAN, "Flat rate", false, "P1M", distinct, 0, 0),
                new AzurePlan(PER_SEAT_PLAN, "Per seat", true, "P1Y", distinct, 1, 10_000)));
    }
}
