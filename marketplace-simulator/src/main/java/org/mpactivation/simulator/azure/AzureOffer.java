package org.mpactivation.simulator.azure;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A SaaS offer of a publisher with its plans. */
public record AzureOffer(String publisherId, String offerId, List<AzurePlan> plans) {

    public AzureOffer {
        Objects.requireNonNull(publisherId, "publisherId");
        Objects.requireNonNull(offerId, "offerId");
        plans = List.copyOf(plans);
        if (plans.isEmpty()) {
            throw new IllegalArgumentException("an offer needs at least one plan");
        }
        long distinct = plans.stream().map(AzurePlan::planId).distinct().count();
        if (distinct != plans.size()) {
            throw new IllegalArgumentException("plan ids must be unique within offer " + offerId);
        }
    }

    public Optional<AzurePlan> plan(String planId) {
        return plans.stream().filter(plan -> plan.planId().equals(planId)).findFirst();
    }
}
