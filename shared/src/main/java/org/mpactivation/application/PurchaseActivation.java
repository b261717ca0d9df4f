package org.mpactivation.application;

import org.mpactivation.domain.MarketplaceSubscription;

/**
 * Tells the marketplace that the buyer finished activation, where the marketplace wants to be told:
 * Azure starts billing only once the publisher calls {@code activate} with the plan and quantity; AWS
 * needs no call. Called before the subscription is stored as active, and again when that write is
 * retried, so an implementation must be idempotent.
 */
@FunctionalInterface
public interface PurchaseActivation {

    /** No marketplace call (AWS). */
    PurchaseActivation NONE = subscription -> subscription;

    /**
     * @return the subscription as the marketplace has it now (for example confirmed), not stored yet
     * @throws ActivationConflictException when the marketplace refuses it (the buyer sees why)
     */
    MarketplaceSubscription activate(MarketplaceSubscription subscription);
}
