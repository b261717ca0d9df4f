package org.mpactivation.application;

import java.time.Clock;
import java.time.Instant;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.AzureRequestRejectedException;
import org.mpactivation.port.out.azure.AzureResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activates an Azure SaaS subscription with the plan and quantity it was bought with (billing starts
 * there); subscriptions of other clouds go to {@code others}. Activating again with the same plan is
 * harmless at the marketplace, which makes a retried completion safe.
 */
public final class AzurePurchaseActivation implements PurchaseActivation {

    private static final Logger LOG = LoggerFactory.getLogger(AzurePurchaseActivation.class);

    private final AzureFulfillment fulfillment;
    private final PurchaseActivation others;
    private final Clock clock;

    public AzurePurchaseActivation(AzureFulfillment fulfillment, PurchaseActivation others, Clock clock) {
        this.fulfillment = fulfillment;
        this.others = others;
        this.clock = clock;
    }

    /** Refuses Azure subscriptions: for a process that has no Azure client (the AWS functions). */
    public static PurchaseActivation notServedHere(PurchaseActivation others) {
        return subscription -> {
            if (subscription.id().cloud() == Cloud.AZURE) {
                throw new ActivationConflictException("error.azure.notServedHere");
            }
            return others.activate(subscription);
        };
    }

    @Override
    public MarketplaceSubscription activate(MarketplaceSubscription subscription) {
        if (subscription.id().cloud() != Cloud.AZURE) {
            return others.activate(subscription);
        }
        if (subscription.azure() == null) {
            throw new IllegalStateException("an Azure subscription without its purchase: " + subscription.id());
        }
        String plan = subscription.azure().planId();
        Integer quantity = subscription.azure().quantity();
        try {
            fulfillment.activate(subscription.id().value(), plan, quantity);
            LOG.info("azure activate subscription={} plan={} quantity={}", subscription.id().value(), plan, quantity);
        } catch (AzureRequestRejectedException | AzureResourceNotFoundException refused) {
            LOG.warn("azure activate refused subscription={} plan={} error={}", subscription.id().value(), plan,
                    refused.getMessage());
            throw new ActivationConflictException("error.azure.activationRefused");
        }
        Instant now = clock.instant();
        try {
            // the term starts with the activation: keep it as the marketplace now has it
            return AzurePurchases.follow(subscription, fulfillment.subscription(subscription.id().value()),
                    "azure:activate", now);
        } catch (MarketplaceUnavailableException | AzureResourceNotFoundException unreadable) {
            // activated all the same; the term comes with the next webhook or the daily comparison
            LOG.warn("azure subscription not read back after activate subscription={} error={}",
                    subscription.id().value(), unreadable.getClass().getSimpleName());
            return subscription.withAzure(subscription.azure().withSaasStatus("Subscribed")).withMarketplace(
                    subscription.marketplace().after(LifecycleAction.SUBSCRIBED), "azure:activate", now);
        }
    }
}
